from django.apps import AppConfig


class TrackersConfig(AppConfig):
    name = "reprisals.trackers"
    label = "trackers"
    verbose_name = "Trackers"

    def ready(self) -> None:
        from reprisals.cases.erasure import ERASURE_HOOKS
        from reprisals.cases.selectors import TIMELINE_SOURCES
        from reprisals.core.rotation import EXTRA_ROTATIONS
        from reprisals.trackers.erasure import erase_names
        from reprisals.trackers.sealing import rotate_files
        from reprisals.trackers.timeline import case_events

        if case_events not in TIMELINE_SOURCES:
            TIMELINE_SOURCES.append(case_events)
        if rotate_files not in EXTRA_ROTATIONS:  # attachments re-encrypted by `reprisals rotate-key`
            EXTRA_ROTATIONS.append(rotate_files)
        if erase_names not in ERASURE_HOOKS:  # names erased from this app's copies too
            ERASURE_HOOKS.append(erase_names)
