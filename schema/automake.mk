# schema: see issues; nothing is built here yet.
