"""The resident's conversation as a pure state machine: (state, event) → (replies, state)."""
