"""The CoNLL writer's names for the one tokenizer (``reader.text.tokens``) and the sentence
rule (``reader.text.sentences``). Nothing is defined here: once ``conll`` imports them from
``reader.text`` directly, this module goes."""

from reader.text.sentences import sentence_starts as sentence_starts
from reader.text.tokens import spaced as spaced
from reader.text.tokens import words as words
