from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "reprisals.intake"
    label = "intake"
    verbose_name = "Intake"

    def ready(self) -> None:
        from reprisals.core.rotation import EXTRA_ROTATIONS
        from reprisals.intake.attachments import rotate_files

        if rotate_files not in EXTRA_ROTATIONS:  # attachments re-encrypted by `reprisals rotate-key`
            EXTRA_ROTATIONS.append(rotate_files)
