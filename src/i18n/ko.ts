import type { Messages } from './messages.js';

/** Korean (한국어). Keys, Python names and error type names stay as they are. */
export const ko: Messages = {
  run: '실행',
  runTitle: '실행 (Shift+Enter)',
  stop: '중지',
  stopTitle: '실행 중인 코드 중지',
  reset: '초기화',
  resetTitle: '원래 코드로 되돌리기',
  clear: '지우기',
  clearTitle: '출력 지우기',
  keyHint: 'Shift+Enter: 실행 · Ctrl+M: Tab 키로 편집기 나가기',
  editedElsewhere: '다른 탭에서 이 코드가 바뀌었습니다.',
  showThatVersion: '그 버전 보기',
  output: '출력',

  loadingPython: (percent) => `Python 불러오는 중… ${percent}%`,
  loadingPythonLabel: 'Python 불러오는 중',
  loadingPackages: (packages) => `${packages} 불러오는 중…`,
  running: '실행 중…',
  waiting: '앞 블록의 Python이 끝나기를 기다리는 중…',

  checks: '검사',
  checkPassed: '통과:',
  checkFailed: '실패:',
  checkName: (n) => `검사 ${n}`,
  checkNotRun: '코드에서 오류가 났습니다. 먼저 오류를 고치세요',
  attempts: (n) => `${n}번 시도`,
  hintButton: (n, total) => `힌트 ${n}/${total}`,
  hints: '힌트',
  showSolution: '정답 보기',
  solutionAfter: (n) => (n === 1 ? '첫 시도 후에 볼 수 있습니다' : `${n}번 시도 후에 볼 수 있습니다`),
  solution: '정답',
  progress: (passed, total) => `연습 문제 ${total}개 중 ${passed}개 통과`,

  copy: '복사',
  copyTitle: '코드 복사',
  codeCopied: '코드를 복사했습니다.',
  copyFailed: '이 브라우저에서는 복사할 수 없습니다. 코드를 선택하고 Ctrl+C를 누르세요.',
  share: '공유',
  shareTitle: '이 코드를 여기에서 여는 링크 복사',
  linkCopied: '링크를 복사했습니다. 링크를 받은 사람도 이 코드를 여기에서 열 수 있습니다.',
  copyThisLink: '이 링크를 복사하세요:',
  shareFailed: '이 코드의 링크를 만들 수 없습니다.',
  shareTooLong: (size, max) =>
    `코드가 너무 길어 링크로 만들 수 없습니다(압축해서 ${size}자, 최대 ${max}자). 코드를 복사하거나 이 페이지의 코드를 내려받으세요.`,
  sharedNotice: '공유 링크로 받은 코드입니다. 아직 실행되지 않았습니다. 실행하기 전에 읽어 보세요.',
  sharedBack: '이 페이지의 코드로 돌아가기',
  sharedDamaged: '이 링크의 코드를 열 수 없습니다. 링크가 손상되었습니다(잘렸나요?).',
  sharedTooLarge: '이 링크의 코드는 너무 커서 열 수 없습니다.',
  downloadPy: '.py 내려받기',
  downloadNotebook: '노트북 내려받기 (.ipynb)',
  exportNothing: '이 페이지에는 내려받을 Python 코드가 없습니다.',
  exportFailed: (reason) => `내려받을 파일을 만들 수 없습니다: ${reason}`,
  exportFromMissing: (selector) => `from="${selector}"에 맞는 부분이 이 페이지에 없습니다.`,

  stopped: (worker) => (worker ? 'Python(워커)이 중지되었습니다:' : 'Python이 중지되었습니다:'),
  stoppedDetail: (reason) => `${reason}. 정의했던 내용은 모두 사라졌습니다.`,
  restart: 'Python 다시 시작',

  inputLabel: 'Python 프로그램 입력',
  hiddenLines: (n) => `… 앞의 ${n.toLocaleString('ko')}줄 숨김`,
  hiddenChars: (n) => `… 앞의 ${n.toLocaleString('ko')}자 숨김`,
  unknownError: '알 수 없는 오류',
  holdQuestion:
    'Python이 한동안 실행 중인데, 이 브라우저에서는 페이지가 응답하도록 Python을 잠시 멈출 수 없습니다. ' +
    '중지할까요?\n\n' +
    '확인: 중지(KeyboardInterrupt), 취소: 계속 실행.',

  codeLabel: 'Python 코드',
  runAction: '실행',
  enterAction: '완성된 코드면 실행, 아니면 줄 바꿈',
  previousInput: '이전 입력',
  nextInput: '다음 입력',
  toggleTabFocus: 'Tab 키로 포커스 이동 켜기/끄기',

  strayHtml: (tag, stray) =>
    `이 <${tag}>에 HTML이 들어 있습니다. 브라우저가 Python 코드 일부를 <${stray}> 태그로 읽었습니다` +
    '(HTML에서는 "<" 뒤에 글자가 오면 태그가 시작됩니다). 코드를 쓴 그대로 두려면 ' +
    '<script type="text/python"> … </script>로 감싸세요.',
  srcNotLoaded: (src) => `src="${src}" 불러오기 실패`,
  networkError: (what, url, detail) => `${what} (${url}): 네트워크 오류: ${detail}`,
  serverAnswered: (what, url, status) => `${what}: ${url} 서버 응답 ${status}`,
  unknownEncoding: (where, declared) => `${where}: 인코딩 선언의 "${declared}"는 알 수 없는 인코딩입니다`,
  notDeclaredEncoding: (where, declared) => `${where}: 파일 내용이 인코딩 선언(${declared})과 맞지 않습니다`,
  notUtf8: (where, byte, line) =>
    `${where}: 파일이 UTF-8이 아니고(${line}번째 줄의 바이트 0x${byte}) 인코딩 선언도 없습니다. ` +
    'UTF-8로 저장하거나, 맨 위에 "# -*- coding: latin-1 -*-" 같은 줄을 넣으세요',

  failures: {
    stopped: (detail) => `Python이 중지되었습니다: ${detail}`,
    'stopped-restart': (detail) => `Python이 중지되었습니다: ${detail}. 'Python 다시 시작' 버튼을 누르세요.`,
    'could-not-start': (detail) => `Python을 시작할 수 없습니다: ${detail}`,
    restarted: () => 'Python을 다시 시작했습니다',
    'worker-stopped': (detail) => `Python(워커)이 중지되었습니다: ${detail}`,
    'worker-restarted': () => 'Python(워커)을 다시 시작했습니다',
    'worker-not-running': () => 'Python(워커)이 실행 중이 아닙니다',
    'worker-restarted-to-stop': () =>
      'KeyboardInterrupt: 코드를 멈추려고 워커를 다시 시작했으므로, 정의한 것은 모두 사라졌습니다',
  },

  errorHints: {
    indentation: () =>
      '줄 앞의 들여쓰기가 맞지 않습니다. 블록(":"로 끝나는 줄 다음)의 줄은 모두 똑같이, 그 줄들만 들여 써야 합니다.',
    'unclosed-bracket': () => '괄호 (, [ 또는 {가 열리고 닫히지 않았습니다. 이 줄이나 바로 앞에서 빠진 괄호를 찾아보세요.',
    'unclosed-string': () => '문자열이 따옴표로 시작했는데 닫히지 않았습니다. 짝이 맞는 따옴표를 넣으세요.',
    'missing-colon': () => '블록을 시작하는 줄(if, for, while, def, class…)은 콜론 ":"으로 끝나야 합니다.',
    'assign-vs-compare': () => '두 값을 비교하려면 "="가 아니라 "=="를 쓰세요("="는 이름에 값을 대입합니다).',
    syntax: () => 'Python이 이 줄을 읽지 못했습니다. 이 줄이나 바로 앞에 콜론, 괄호, 따옴표, 쉼표가 빠지지 않았는지 보세요.',
    'name-not-defined': (name) =>
      `정의되지 않은 이름: "${name}". 철자(대소문자 구분)를 확인하고, 이 줄이 실행되기 전에 값을 대입하거나 import했는지 보세요.`,
    'unbound-local': (name) =>
      `이 함수 안 어딘가에서 "${name}"에 값을 대입하므로 Python은 이 이름을 함수의 지역 변수로 보는데, 여기서는 아직 값이 없습니다. ` +
      `먼저 값을 대입하거나 "global ${name}"을 쓰세요.`,
    'str-plus-number': () =>
      '문자열과 숫자는 더할 수 없습니다. str(...)로 숫자를 문자열로 바꾸거나, int(...)나 float(...)로 문자열을 숫자로 바꾸세요.',
    'missing-argument': (name) => `${name}()에 필요한 것보다 적은 인수를 넘겼습니다. 괄호 안의 값을 확인하세요.`,
    'too-many-arguments': (name) => `${name}()에 받을 수 있는 것보다 많은 인수를 넘겼습니다.`,
    'not-callable': (type) =>
      `${type} 값을 함수처럼(뒤에 괄호를 붙여) 호출했습니다. 곱셈 기호나 쉼표가 빠졌거나, 함수 이름을 다른 값의 이름으로 다시 쓰지 않았나요?`,
    'none-subscript': () =>
      '리스트나 딕셔너리가 있어야 할 곳에 None이 있습니다. 흔히 아무것도 반환하지 않는(return이 없는) 함수나, ' +
      'sort()처럼 리스트를 그 자리에서 바꾸고 None을 반환하는 메서드 때문입니다.',
    'not-subscriptable': (type) =>
      `${type} 값에는 [...]로 인덱스를 쓸 수 없습니다. 시퀀스(str, list, tuple)와 딕셔너리만 됩니다.`,
    'zero-division': () => '숫자를 0으로 나누었는데, 이 계산에는 결과가 없습니다. 먼저 나누는 수의 값을 확인하세요.',
    'index-out-of-range': () => '그 위치는 끝을 넘었습니다. 위치는 0부터 세므로 마지막 위치는 len(...) - 1입니다.',
    'missing-key': (key) => `딕셔너리에 없는 키: ${key}. 철자를 확인하거나, 기본값이 필요하면 .get(${key})을 쓰세요.`,
    'none-attribute': (name) =>
      `.${name} 속성을 가진 객체가 있어야 할 곳에 None이 있습니다. 흔히 아무것도 반환하지 않는(return이 없는) 함수 때문입니다.`,
    'missing-attribute': (name, type) =>
      `${type ? `${type} 값에는` : '여기에는'} "${name}" 속성이 없습니다. 철자를 확인하세요. dir(...)로 값이 가진 속성을 볼 수 있습니다.`,
    'not-a-number': (text) => `숫자로 바꿀 수 없는 문자열: ${text}. 입력하거나 읽어 온 값을 확인하세요.`,
    recursion: () =>
      '함수가 자기 자신을 계속 호출하며 멈추지 않았습니다. 자신을 다시 호출하지 않고 반환하는 경우가 있는지 확인하세요.',
  },
};
