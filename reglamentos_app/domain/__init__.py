"""Pure-Python domain model: the vocabulary of regulations, their texts and their provisions.

Nothing here imports a third-party library; every other package may depend on this one.
"""
