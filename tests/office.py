"""The LibreOffice harness lives in the package (agreement_gen.office, also behind --pdf);
tests import it from here by its short name."""

from agreement_gen.office.soffice import *  # noqa: F401,F403
from agreement_gen.office.soffice import __all__  # noqa: F401
