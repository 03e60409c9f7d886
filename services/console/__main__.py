"""`python -m services.console` runs the web console."""

from services.console.app import create_app
from services.console.settings import ConsoleSettings
from shared.serve import serve

if __name__ == "__main__":
    settings = ConsoleSettings()
    serve(lambda: create_app(settings), settings)
