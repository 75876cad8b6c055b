"""Steps several browser journeys take the same way."""


def choose_province(phone, code) -> None:
    """Pick a province; ward.js then reloads the form with its communes. The
    script is attached once the page has loaded: a pick made before that
    changed the list with nobody listening, and the journey waited 15 s for a
    reload that never came (CI, the livestream journey)."""
    phone.wait_for_load_state("load")
    with phone.expect_navigation():
        phone.select_option("#id_province", str(code))
    phone.wait_for_load_state("load")
