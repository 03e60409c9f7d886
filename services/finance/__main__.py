"""`python -m services.finance` runs the Finance service."""

from services.finance.app import FinanceSettings, create_app
from shared.serve import serve

if __name__ == "__main__":
    settings = FinanceSettings()
    serve(lambda: create_app(settings), settings)
