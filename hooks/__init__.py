"""MkDocs hooks: thin event handlers that read validated data and call calculators/."""
