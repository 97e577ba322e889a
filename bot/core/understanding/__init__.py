"""Understanding a resident's message: language, crisis signals, topic or conversation intent."""
