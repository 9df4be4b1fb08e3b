"""stacktour: YAML call stacks to linked sequence diagrams, maps and excerpts."""
