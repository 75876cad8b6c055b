"""Running the site: the task queue's worker, retries and periodic jobs, mail
sent once, health, media without object storage, degraded services.

A bottom-layer app like `vietnam/`: it imports nothing of ours, so every
domain's tasks can use it."""
