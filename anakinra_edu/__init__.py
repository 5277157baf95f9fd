"""anakinra_edu: a teaching suite for anakinra (Kineret) dosing, onset and counseling.

The core (``knowledge``, ``kidney``, ``dosing``) imports only the standard library; the clinical rules
live in the cited CSV tables of ``data/``. For education only.
"""

__version__ = "0.1.0"

EDUCATION_NOTICE = (
    "For education only, not for patient care: check every dose against the current product labeling "
    "and local protocols."
)

__all__ = ["EDUCATION_NOTICE", "__version__"]
