"""gunicorn reads this file when started in this folder:"""
#     SECRET_KEY=… gunicorn "todo:create_app()"
#
# Command-line options (-w, -b) override what is set here.

import os

# Under gunicorn the app runs with its production settings: no SECRET_KEY, no start.
os.environ.setdefault("TODO_CONFIG", "production")

# 8000 is the workshop site (make run); -b HOST:PORT on the command line wins.
bind = "127.0.0.1:8001"
workers = 2
# Build the app once, before forking the workers: its tables are created once,
# instead of by every worker at the same moment.
preload_app = True
