"""What the browser tests share: screen sizes, logging in, and the check that a page fits the width of a phone."""
from __future__ import annotations

from tests.conftest import PASSWORD

PHONE_360 = {"width": 360, "height": 740}  # the narrowest phone in common use
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE_360}

#: What sticks out of a page `limit` px wide: the page's own width, the elements whose right edge passes the
#: limit (innermost first: the culprit, not its ancestors), and boxes that scroll sideways inside the page
#: (a table in a scrolling wrapper hides its last columns just as surely as a page that scrolls).
OVERFLOW_JS = """(limit) => {
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(name(e));
    return parts.join(' > ');
  };
  const text = (el) => (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  const skip = (el) => el.closest('.visually-hidden, .skip') || (el.parentElement && el.parentElement.closest('svg'));
  const sticking = [], scrolling = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (skip(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > limit + 0.5) sticking.push(el);
    const style = getComputedStyle(el);
    if (['auto', 'scroll', 'hidden'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1
        && !el.matches('input, select, textarea, svg'))
      scrolling.push(`${path(el)} hides ${el.scrollWidth - el.clientWidth}px sideways ("${text(el)}")`);
  }
  const innermost = sticking.filter((el) => !sticking.some((other) => other !== el && el.contains(other)));
  innermost.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
  return {
    width: document.scrollingElement.scrollWidth,
    widest: innermost.slice(0, 3).map(
      (el) => `${path(el)} ends at ${Math.round(el.getBoundingClientRect().right)}px ("${text(el)}")`),
    scrolling: scrolling.slice(0, 3),
  };
}"""


def overflow(page, limit: int = PHONE_360["width"]) -> str | None:
    """None when the page fits `limit` px with nothing scrolling sideways inside it; otherwise what sticks out.

    Measures only once the page has loaded: a page whose text is in but whose style sheet is not (a click that
    has just navigated) is laid out without its wrapping rules, and a long fingerprint would seem to stick out."""
    page.wait_for_load_state("load")
    found = page.evaluate(OVERFLOW_JS, limit)
    if found["width"] <= limit and not found["scrolling"]:
        return None
    parts = [f"{found['width']}px wide"] if found["width"] > limit else []
    if found["widest"]:
        parts.append("widest: " + "; ".join(found["widest"]))
    if found["scrolling"]:
        parts.append("scrolls inside: " + "; ".join(found["scrolling"]))
    return ", ".join(parts)


def assert_fits(page, limit: int = PHONE_360["width"]) -> None:
    problem = overflow(page, limit)
    assert problem is None, f"{page.url} does not fit {limit}px: {problem}"


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").count() == 1, f"{email} could not log in: {page.url}"
