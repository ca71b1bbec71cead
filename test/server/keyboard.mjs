/**
 * Keyboard server commands that behave the same in every engine, with real key events:
 *   key-chord { keys: ['Shift', 'Enter'] }  holds every key but the last, presses the last, lets go
 *   type-text { text: 'x = 1' }             types the text, one key per character
 * The runner's own sendKeys has no down/up over WebDriver (WebKit), and its `type` there goes through
 * webdriverio's keys(), which turns ' ' into the Space key: WebKitGTK then inserts no space.
 */
export const WEBDRIVER_KEYS = {
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Meta: '\uE03D',
  Enter: '\uE007',
  Tab: '\uE004',
  Escape: '\uE00C',
  Backspace: '\uE003',
  ArrowUp: '\uE013',
  ArrowDown: '\uE015',
  ArrowLeft: '\uE012',
  ArrowRight: '\uE014',
  Home: '\uE011',
  End: '\uE010',
};

export const keyboardPlugin = {
  name: 'keyboard',
  async executeCommand({ command, payload, session }) {
    if (command === 'type-text') return typeText(session, String(payload?.text ?? ''));
    if (command !== 'key-chord') return undefined;
    const keys = payload?.keys;
    if (!Array.isArray(keys) || keys.length === 0) throw new Error('key-chord needs { keys: [...modifiers, key] }');
    const held = keys.slice(0, -1);
    const key = keys.at(-1);
    if (session.browser.type === 'webdriver') {
      await session.browser.driverManager.performActions(session.id, chordActions(keys));
      return true;
    }
    const { keyboard } = session.browser.getPage(session.id);
    for (const name of held) await keyboard.down(name);
    await keyboard.press(key);
    for (const name of held.reverse()) await keyboard.up(name);
    return true;
  },
};

/** WebDriver actions that hold every key of `keys` but the last, press the last, and let go. */
export function chordActions(keys) {
  const value = (name) => WEBDRIVER_KEYS[name] ?? name;
  const held = keys.slice(0, -1);
  const actions = [
    ...held.map((name) => ({ type: 'keyDown', value: value(name) })),
    { type: 'keyDown', value: value(keys.at(-1)) },
    { type: 'keyUp', value: value(keys.at(-1)) },
    ...held.reverse().map((name) => ({ type: 'keyUp', value: value(name) })),
  ];
  return [{ type: 'key', id: 'keyboard', actions }];
}

/** WebDriver actions that type `text`, one key per character (a space as the character itself). */
export function typingActions(text) {
  const actions = [...text].flatMap((char) => [
    { type: 'keyDown', value: char },
    { type: 'keyUp', value: char },
  ]);
  return [{ type: 'key', id: 'keyboard', actions }];
}

async function typeText(session, text) {
  if (session.browser.type === 'webdriver') {
    await session.browser.driverManager.performActions(session.id, typingActions(text));
    return true;
  }
  await session.browser.getPage(session.id).keyboard.type(text);
  return true;
}
