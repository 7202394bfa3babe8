"""Observations: anchoring to the quoted words, staleness, status changes, plain data."""

from datetime import datetime, timezone

import pytest

from reglamentos_app.domain.observations import (
    STALE_MESSAGE, Observation, ObservationError, ObservationStatus, Reply, count_open,
    find_quote, observation_from_dict, observation_is_stale, observation_to_dict, reanchor,
    reanchored, stale_notice,
)
from reglamentos_app.domain.workflow import Role

NOW = datetime(2025, 5, 20, 10, 30, tzinfo=timezone.utc)
TEXT = "Queda prohibido tirar basura en la vía pública y en los lotes baldíos."
QUOTE = "en la vía pública"


def observation(**changes):
    start = TEXT.index(QUOTE)
    values = dict(id=1, project_id=7, regulation_uri="/mx-bc-mxl/reglamento/2001/limpia",
                  pid="p-art-5", span=(start, start + len(QUOTE)), quoted_text=QUOTE,
                  draft_revision=3, author="Lic. Ana Pérez", role=Role.TRUSTEE, created_at=NOW,
                  text="Precisar si incluye los camellones.")
    values.update(changes)
    return Observation(**values)


def reply(text="Se precisó en la fracción II.", role=Role.DRAFTER):
    return Reply("Lic. Beto Ruiz", role, NOW, text)


def test_unchanged_text_is_not_stale():
    obs = observation()
    assert not observation_is_stale(obs, TEXT)
    assert reanchor(obs, TEXT) == obs.span
    assert stale_notice(obs, TEXT) is None


def test_moved_quote_is_reanchored():
    obs = observation()
    edited = "Se prohíbe, sin excepción, tirar basura " + QUOTE + "."
    start = edited.index(QUOTE)
    assert not observation_is_stale(obs, edited)
    assert reanchor(obs, edited) == (start, start + len(QUOTE))
    moved = reanchored(obs, edited)
    assert moved.span == (start, start + len(QUOTE)) and obs.span != moved.span


def test_reanchoring_prefers_the_occurrence_nearest_the_old_place():
    text = f"{QUOTE}; además, {QUOTE} y {QUOTE}."
    obs = observation(span=(len(text) - 20, len(text) - 3))
    spans = [i for i in range(len(text)) if text.startswith(QUOTE, i)]
    assert reanchor(obs, text)[0] == spans[-1]


def test_changed_spacing_is_tolerated():
    edited = TEXT.replace("en la vía", "en  la\nvía")
    span = reanchor(observation(), edited)
    assert span is not None and edited[span[0]:span[1]] == "en  la\nvía pública"
    assert not observation_is_stale(observation(), edited)


def test_changed_words_make_it_stale():
    edited = TEXT.replace("vía pública", "calle")
    obs = observation()
    assert observation_is_stale(obs, edited)
    assert stale_notice(obs, edited) == STALE_MESSAGE == "El texto cambió desde la observación."
    assert reanchored(obs, edited).span == obs.span


def test_observation_without_quote_concerns_the_whole_provision():
    obs = observation(span=None, quoted_text="")
    assert not observation_is_stale(obs, "otro texto")
    assert reanchor(obs, TEXT) is None
    assert find_quote("", TEXT) is None


def test_status_changes_carry_a_reply():
    obs = observation()
    assert obs.is_open and obs.status.label == "abierta"
    obs.close(ObservationStatus.ADDRESSED, reply())
    assert obs.status.label == "atendida" and len(obs.replies) == 1
    with pytest.raises(ObservationError, match="ya está atendida"):
        obs.close(ObservationStatus.REJECTED, reply())
    obs.reopen(reply("Sigue sin precisarse.", Role.TRUSTEE))
    assert obs.is_open
    obs.close("rejected", reply("El camellón ya es vía pública según el artículo 2."))
    assert obs.status is ObservationStatus.REJECTED and obs.status.label == "rechazada"
    with pytest.raises(ObservationError):
        obs.close(ObservationStatus.OPEN, reply())


def test_replies_and_observations_need_text():
    with pytest.raises(ObservationError, match="respuesta no tiene texto"):
        reply("  ")
    with pytest.raises(ObservationError, match="observación no tiene texto"):
        observation(text="")
    with pytest.raises(ObservationError, match="no es válido"):
        observation(span=(10, 5))


def test_count_open():
    closed = observation(status=ObservationStatus.ADDRESSED)
    assert count_open([observation(), closed, observation(id=2)]) == 2


def test_plain_data_round_trip():
    obs = observation()
    obs.add_reply(reply())
    data = observation_to_dict(obs)
    assert data["role"] == "sindicatura" and data["status"] == "open"
    assert observation_from_dict(data) == obs
