"""The design's shared pieces: icons beside words, status chips, empty states, the required mark."""
import pytest

from marketplace import icons


def test_an_icon_is_inline_and_hidden_from_screen_readers(ctx):
    svg = str(icons.icon("bell"))
    assert svg.startswith('<svg class="icon" aria-hidden="true" focusable="false"')
    assert "<path" in svg and "<!--" not in svg


@pytest.mark.parametrize("name", ["../favicon", "Bell", "bell.svg", ""])
def test_only_vendored_icon_names_are_read(ctx, name):
    with pytest.raises(ValueError):
        icons.icon(name)


def test_every_status_icon_is_vendored(ctx):
    for table in icons.STATUS_ICONS.values():
        for name in table.values():
            assert (icons.FOLDER / f"{name}.svg").is_file(), name


def test_a_status_chip_says_its_status_in_words_beside_colour_and_icon(ctx):
    chip = str(icons.status_chip("referral_status", "hired"))
    assert chip.startswith('<span class="badge status-hired"><svg class="icon" aria-hidden="true"')
    assert chip.endswith("Đã nhận việc</span>")
    assert str(icons.status_chip("referral_status", "no-such")) == '<span class="badge status-no-such">no-such</span>'


def test_the_required_mark_is_inside_the_label(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<label for="password">Mật khẩu <span class="req" aria-hidden="true">*</span></label>' in page


def test_an_empty_list_shows_an_empty_state_with_the_next_step(client, make_user, login):
    login(make_user("candidate"))
    page = client.get("/me/referrals").get_data(as_text=True)
    assert '<div class="empty empty-state">' in page
    assert 'href="/me/"' in page.split('class="empty empty-state"')[1].split("</div>")[0]
