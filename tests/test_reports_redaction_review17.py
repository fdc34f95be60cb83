"""Review 17 of the commits 0b03efc..3215232 to the redaction, the withholding and the erasure's scrub of a protected
name (Ukrainian and Belarusian names stored in Latin letters, apostrophes, the names read whole): what 4738baa blanked
every path still blanks."""
from __future__ import annotations

from tests.test_reports_redaction_review15 import printed

# ---------------------------------------------------------------- a protected name printed that 4738baa blanked


def test_ilia_in_the_vocative_written_in_yu_is_blanked_on_every_path():
    # "Іллю" is how texts commonly write the vocative of "Ілля" besides "Ілле"; 4738baa blanked "Іллю Гнатюку" on
    # every path, f3c6948 replaced the "-ю" reading by "-е"/"-є" instead of adding them.
    assert printed("Ілля Гнатюк", "Іллю Гнатюку, дякуємо.", "Іллю", "Гнатюку") == {}
    for text in ("Ілле Гнатюку, дякуємо.", "Іллє Гнатюку, дякуємо."):
        assert printed("Ілля Гнатюк", text, text.split()[0], "Гнатюку") == {}
