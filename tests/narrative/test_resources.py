"""A hold with ``show: resources`` shows the workshop's resources in the headset while it lasts."""

from __future__ import annotations

from pathlib import Path

from experience import events as ev
from experience.narrative import TimelinePlayer, parse_file
from experience.presenters.captions import CaptionsPresenter

TEXT = """\
id: res
title: Resources test
content_warnings: ["none"]
resources:
  title: "Support"
  items:
    - {name: "Your facilitator", contact: "In the room"}
    - {name: "A listening line", contact: "0800 000 000"}
chapters:
  - id: end
    title: End
    scene: placeholder
    steps:
      - line: {id: l1, speaker: Narrator, text: "That is the end of the story."}
      - hold: {id: h_end, show: resources, note: "Resources on screen"}
      - line: {id: l2, speaker: Narrator, text: "Thank you."}
    debrief: {reactions: ["How was that?"]}
"""


def test_resources_show_at_the_hold_and_hide_when_it_is_released(tmp_path: Path) -> None:
    path = tmp_path / "res.yaml"
    path.write_text(TEXT)
    narrative, diags = parse_file(path)
    assert narrative is not None, [d.format() for d in diags]
    player = TimelinePlayer(narrative)
    got: list[ev.Event] = []
    player.subscribe(got.append)
    from tests.kit import make_services

    captions = CaptionsPresenter()
    captions.attach(make_services(player))
    player.subscribe(captions.on_event)
    player.start()
    for _ in range(600):
        player.update(1 / 60)
        if player.state == "hold":
            break
    shown = [e for e in got if isinstance(e, ev.Resources)]
    assert shown and shown[-1].title == "Support"
    assert shown[-1].items == ("Your facilitator: In the room", "A listening line: 0800 000 000")
    assert captions.prompt.visible and "0800 000 000" in captions.prompt.text
    player.continue_hold()
    assert [e for e in got if isinstance(e, ev.Resources)][-1].items == ()
    assert not captions.prompt.visible


def test_unknown_show_value_is_an_error_with_position(tmp_path: Path) -> None:
    path = tmp_path / "res.yaml"
    path.write_text(TEXT.replace("show: resources", "show: helplines"))
    _, diags = parse_file(path)
    errors = [d for d in diags if d.is_error]
    assert len(errors) == 1
    assert errors and (errors[0].line, errors[0].col) == (15, 33) and "cannot show 'helplines'" in errors[0].message
