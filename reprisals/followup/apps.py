from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "reprisals.followup"
    label = "followup"
    verbose_name = "Follow-up with States"

    def ready(self) -> None:
        from reprisals.cases import workflow
        from reprisals.cases.erasure import ERASURE_HOOKS
        from reprisals.cases.selectors import TIMELINE_SOURCES
        from reprisals.core.rotation import EXTRA_ROTATIONS
        from reprisals.followup.erasure import erase_names
        from reprisals.followup.files import rotate_files
        from reprisals.followup.selectors import close_adequately_refusal
        from reprisals.followup.timeline import case_events

        if case_events not in TIMELINE_SOURCES:
            TIMELINE_SOURCES.append(case_events)
        # Refuse closing a case as adequately addressed unless its latest communication has a confirmed
        # adequate assessment.
        registered = workflow.TRANSITION_CHECKS.setdefault("closed_adequately_addressed", [])
        if close_adequately_refusal not in registered:
            registered.append(close_adequately_refusal)
        if rotate_files not in EXTRA_ROTATIONS:  # attachments re-encrypted by `reprisals rotate-key`
            EXTRA_ROTATIONS.append(rotate_files)
        if erase_names not in ERASURE_HOOKS:  # names erased from this app's copies too
            ERASURE_HOOKS.append(erase_names)
