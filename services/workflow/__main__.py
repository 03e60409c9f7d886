"""`python -m services.workflow` runs the Workflow service."""

from services.workflow.app import WorkflowSettings, create_app
from shared.serve import serve

if __name__ == "__main__":
    settings = WorkflowSettings()
    serve(lambda: create_app(settings), settings)
