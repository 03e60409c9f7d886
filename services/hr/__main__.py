"""`python -m services.hr` runs the HR service."""

from services.hr.app import HrSettings, create_app
from shared.serve import serve

if __name__ == "__main__":
    settings = HrSettings()
    serve(lambda: create_app(settings), settings)
