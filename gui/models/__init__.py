"""Qt item models over the geo/ project model (views of its state, never copies)."""
