"""Stage 2: each page's Markdown through the steps (main.py runs every *_step.py), rendered with hooks/templates/."""
