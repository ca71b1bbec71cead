import type { Messages } from './messages.js';

/** French. Keys, Python names and error type names stay as they are. */
export const fr: Messages = {
  run: 'Exécuter',
  runTitle: 'Exécuter (Shift+Enter)',
  stop: 'Arrêter',
  stopTitle: 'Arrêter le code en cours',
  reset: 'Rétablir',
  resetTitle: 'Remettre le code d’origine',
  clear: 'Effacer',
  clearTitle: 'Effacer la sortie',
  keyHint: 'Shift+Enter exécute · Ctrl+M : Tab quitte l’éditeur',
  editedElsewhere: 'Ce code a été modifié dans un autre onglet.',
  showThatVersion: 'Afficher cette version',
  output: 'Sortie',

  loadingPython: (percent) => `Chargement de Python… ${percent} %`,
  loadingPythonLabel: 'Chargement de Python',
  loadingPackages: (packages) => `Chargement de ${packages}…`,
  running: 'Exécution…',
  waiting: 'En attente de la fin du Python qui précède ce bloc…',

  checks: 'Vérifications',
  checkPassed: 'Réussi :',
  checkFailed: 'Échoué :',
  checkName: (n) => `Vérification ${n}`,
  checkNotRun: 'votre code a levé une erreur ; corrigez-la d’abord',
  attempts: (n) => (n <= 1 ? `${n} essai` : `${n} essais`),
  hintButton: (n, total) => `Indice ${n} sur ${total}`,
  hints: 'Indices',
  showSolution: 'Voir la solution',
  solutionAfter: (n) => (n === 1 ? 'après votre premier essai' : `après ${n} essais`),
  solution: 'Solution',
  progress: (passed, total) => `${passed} exercice${passed > 1 ? 's' : ''} sur ${total} réussi${passed > 1 ? 's' : ''}`,

  copy: 'Copier',
  copyTitle: 'Copier le code',
  codeCopied: 'Code copié.',
  copyFailed: 'Ce navigateur n’a pas permis la copie : sélectionnez le code et appuyez sur Ctrl+C.',
  share: 'Partager',
  shareTitle: 'Copier un lien qui ouvre ce code dans ce REPL',
  linkCopied: 'Lien copié : il ouvre ce code ici, pour la personne à qui vous l’envoyez.',
  copyThisLink: 'Copiez ce lien :',
  shareFailed: 'Impossible de faire un lien pour ce code.',
  shareTooLong: (size, max) =>
    `Ce code est trop long pour un lien (${size} caractères compressés, ${max} au plus) : copiez-le ou téléchargez le code de la page.`,
  sharedNotice: 'Ce code vient d’un lien partagé. Il n’a pas été exécuté : lisez-le avant de l’exécuter.',
  sharedBack: 'Revenir au code de la page',
  sharedDamaged: 'Le code de ce lien ne peut pas être ouvert : le lien est abîmé (a-t-il été coupé ?).',
  sharedTooLarge: 'Le code de ce lien est trop grand pour être ouvert.',
  downloadPy: 'Télécharger le .py',
  downloadNotebook: 'Télécharger le notebook (.ipynb)',
  exportNothing: 'Cette page n’a pas de code Python à télécharger.',
  exportFailed: (reason) => `Le téléchargement n’a pas pu être préparé : ${reason}`,
  exportFromMissing: (selector) => `from="${selector}" ne correspond à rien sur cette page.`,

  stopped: (worker) => (worker ? 'Python (worker) s’est arrêté :' : 'Python s’est arrêté :'),
  stoppedDetail: (reason) => `${reason}. Ce qu’il avait défini est perdu.`,
  restart: 'Redémarrer Python',

  inputLabel: 'Saisie pour le programme Python',
  hiddenLines: (n) => `… ${n.toLocaleString('fr')} lignes précédentes masquées`,
  hiddenChars: (n) => `… ${n.toLocaleString('fr')} caractères précédents masqués`,
  unknownError: 'Erreur inconnue',
  holdQuestion:
    'Python tourne depuis un moment, et ce navigateur ne peut pas le suspendre pour laisser la page répondre ' +
    '(il n’a pas JavaScript Promise Integration). L’arrêter ?\n\n' +
    'OK l’arrête (KeyboardInterrupt) ; Annuler le laisse continuer.',

  codeLabel: 'Code Python',
  runAction: 'Exécuter',
  enterAction: 'Exécuter si complet, sinon nouvelle ligne',
  previousInput: 'Saisie précédente',
  nextInput: 'Saisie suivante',
  toggleTabFocus: 'Basculer : Tab déplace le focus',

  strayHtml: (tag, stray) =>
    `Ce <${tag}> contient du HTML : le navigateur a lu une partie du code Python comme une balise <${stray}> ` +
    '(en HTML, un « < » suivi d’une lettre ouvre une balise). Entourez le code de ' +
    '<script type="text/python"> … </script> pour qu’il soit gardé tel quel.',
  srcNotLoaded: (src) => `Impossible de charger src="${src}"`,
  networkError: (what, url, detail) => `${what} (${url}) : erreur réseau : ${detail}`,
  serverAnswered: (what, url, status) => `${what} : ${url} a répondu ${status}`,
  unknownEncoding: (where, declared) => `${where} : encodage inconnu « ${declared} » dans sa déclaration d’encodage`,
  notDeclaredEncoding: (where, declared) =>
    `${where} : le fichier n’est pas en ${declared} valide, contrairement à ce que dit sa déclaration d’encodage`,
  notUtf8: (where, byte, line) =>
    `${where} : le fichier n’est pas en UTF-8 (octet 0x${byte} à la ligne ${line}) et ne déclare aucun encodage : ` +
    'enregistrez-le en UTF-8, ou ajoutez en tête une ligne comme « # -*- coding: latin-1 -*- »',

  failures: {
    stopped: (detail) => `Python s’est arrêté : ${detail}`,
    'stopped-restart': (detail) => `Python s’est arrêté : ${detail}. Appuyez sur « Redémarrer Python » pour le relancer.`,
    'could-not-start': (detail) => `Python n’a pas pu démarrer : ${detail}`,
    restarted: () => 'Python a été redémarré',
    'worker-stopped': (detail) => `Python (worker) s’est arrêté : ${detail}`,
    'worker-restarted': () => 'Python (worker) a été redémarré',
    'worker-not-running': () => 'Python (worker) ne tourne pas',
    'worker-restarted-to-stop': () =>
      'KeyboardInterrupt : le worker a été redémarré pour arrêter le code ; ce qu’il avait défini est perdu',
  },

  errorHints: {
    indentation: () =>
      'Les espaces en début de ligne ne vont pas : les lignes d’un bloc (après une ligne finissant par « : ») doivent toutes avoir le même retrait, et elles seules.',
    'unclosed-bracket': () =>
      'Une parenthèse ou un crochet (, [ ou { est ouvert et jamais fermé : cherchez celui qui manque sur cette ligne ou juste avant.',
    'unclosed-string': () => 'Une chaîne est ouverte par un guillemet et jamais fermée : ajoutez le guillemet correspondant.',
    'missing-colon': () => 'Une ligne qui ouvre un bloc (if, for, while, def, class…) doit finir par deux-points « : ».',
    'assign-vs-compare': () => 'Pour comparer deux valeurs, utilisez « == », pas « = » (qui donne une valeur à un nom).',
    syntax: () =>
      'Python n’a pas pu lire cette ligne : cherchez un deux-points, une parenthèse, un guillemet ou une virgule manquant sur cette ligne ou juste avant.',
    'name-not-defined': (name) =>
      `« ${name} » n’est pas défini ici : vérifiez l’orthographe (majuscules comprises), et qu’il est affecté ou importé avant que cette ligne s’exécute.`,
    'unbound-local': (name) =>
      `« ${name} » est affecté quelque part dans cette fonction : Python le traite donc comme une variable locale, qui n’a pas encore de valeur ici. Affectez-le d’abord, ou utilisez « global ${name} ».`,
    'str-plus-number': () =>
      'On ne peut pas additionner du texte et un nombre : changez le nombre en texte avec str(...), ou le texte en nombre avec int(...) ou float(...).',
    'missing-argument': (name) =>
      `${name}() a été appelée avec moins d’arguments qu’il ne lui en faut : regardez les valeurs entre les parenthèses.`,
    'too-many-arguments': (name) => `${name}() a été appelée avec plus d’arguments qu’elle n’en accepte.`,
    'not-callable': (type) =>
      `Une valeur de type ${type} a été appelée comme une fonction (avec des parenthèses après) : manque-t-il un signe de multiplication ou une virgule, ou le nom d’une fonction a-t-il été réutilisé pour une valeur ?`,
    'none-subscript': () =>
      'Il y a None là où une liste ou un dictionnaire était attendu : souvent une fonction qui ne renvoie rien (pas de return), ou une méthode comme sort() qui modifie la liste sur place et renvoie None.',
    'not-subscriptable': (type) =>
      `Une valeur de type ${type} ne s’indexe pas avec [...] : seuls les séquences (str, list, tuple) et les dictionnaires le peuvent.`,
    'zero-division': () =>
      'Un nombre a été divisé par zéro, ce qui n’a pas de résultat : vérifiez d’abord la valeur du diviseur.',
    'index-out-of-range': () =>
      'Cette position est après la fin : les positions commencent à 0, donc la dernière est len(...) - 1.',
    'missing-key': (key) =>
      `Le dictionnaire n’a pas de clé ${key} : vérifiez l’orthographe, ou utilisez .get(${key}) pour une valeur par défaut.`,
    'none-attribute': (name) =>
      `Il y a None là où un objet avec .${name} était attendu : souvent une fonction qui ne renvoie rien (pas de return).`,
    'missing-attribute': (name, type) =>
      `${type ? `Une valeur de type ${type} n’a` : 'Ceci n’a'} pas d’attribut « ${name} » : vérifiez l’orthographe ; dir(...) liste ce qu’une valeur possède.`,
    'not-a-number': (text) =>
      `Le texte ${text} n’est pas un nombre et ne peut donc pas être converti : vérifiez ce qui a été saisi ou lu.`,
    recursion: () =>
      'Une fonction s’est appelée elle-même sans jamais s’arrêter : vérifiez qu’elle a un cas qui renvoie sans s’appeler elle-même.',
  },
};
