from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "reprisals.intake"
    label = "intake"
    verbose_name = "Intake"

    def ready(self) -> None:
        from reprisals.cases.erasure import ERASURE_HOOKS
        from reprisals.core.rotation import EXTRA_ROTATIONS
        from reprisals.intake.attachments import rotate_files
        from reprisals.intake.erasure import erase_names

        if rotate_files not in EXTRA_ROTATIONS:  # attachments re-encrypted by `reprisals rotate-key`
            EXTRA_ROTATIONS.append(rotate_files)
        if erase_names not in ERASURE_HOOKS:  # names erased from this app's copies too
            ERASURE_HOOKS.append(erase_names)
