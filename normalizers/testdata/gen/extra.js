// Hand-picked inputs for the normalizer tests, on top of the corpus lines.
'use strict'
const S = String.fromCodePoint
const hangul = []
for (let cp = 0xac00; cp <= 0xd7a3; cp += 97) hangul.push(S(cp))
const marks = (n, m) => Array(n).fill(m).join('')
module.exports = [
  // Composition and decomposition.
  'e\u0301', 'é', 'a\u0301\u0316', 'a\u0316\u0301', 'e\u0301\u0316', 'e\u0316\u0301', '\u0301e', '\u0301\u0316a',
  'ậ…', 'Ậ', 'A\u0323\u0302', 'A\u0302\u0323', 'ǅ', 'ǅ\u0301', 'ﬁ', 'ﬁ\u0301', '①②⑩', 'ＡＢＣ１２３！', '㌀㍻', '½ ¼ ⅓',
  'ẛ\u0323', '\u1e9b\u0323', 'ḱṷṓn', 'Å Å Å', 'Ω Ω', 'ﬀﬃﬄﬅ', '™ ℡ ℃ № ㏂', 'ｶﾞｷﾞ ｸﾟ', 'ガ ｶ\u3099 カ\u3099',
  '\u0344', 'a\u0344b', '\u0f73\u0f75\u0f81', '\u0958 \u095f \u2adc', '\u1100\u1161\u11a8', '\u1100\u1161', '가\u11a8', '\u1100가',
  '\u1100\u1100\u1161\u11a8\u11a8', '각\u0301\u11a8', '\u0b47\u0b3e \u0b47\u0b56 \u0b47\u0b57', '\u0dd9\u0dcf\u0dca', '\u1025\u102e',
  '\u11099\u110ba', S(0x11099) + S(0x110ba), S(0x11131) + S(0x11127), S(0x1d15e) + S(0x1d165), S(0x1d15f),
  S(0x11935) + S(0x11930), S(0x11938), 'x' + S(0x1e944) + '\u0301', S(0x16ff0) + S(0x16ff1),
  hangul.join(''), hangul.slice(0, 20).join(' '),
  'a' + marks(20, '\u0301') + marks(20, '\u0316') + 'b', 'e' + marks(40, '\u0316\u0301') + 'x',
  'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dA\u036b\u0357\u0334\u0362\u0335\u031c\u0330\u0354L\u0368\u0367\u0369\u0358\u0320G\u0311\u0357\u030e\u0305\u035b\u0341\u0334\u033b\u0348\u034d\u0354\u0339O\u0342\u030c\u030c\u0358\u0328\u0335\u0339\u033b\u031d\u0333!\u033f\u030b\u0365\u0365\u0302\u0363\u0310\u0301\u0301\u035e\u035c\u0356\u032c\u0330\u0319\u0317',
  'Cụ thể, bạn sẽ tham gia một nhóm các giám đốc điều hành tổ chức…',
  'Cu\u0323 the\u0302\u0309, ba\u0323n se\u0303 tham gia mo\u0302\u0323t nho\u0301m',
  'ำน\u0e49ำ3ลำ', 'Me llamo\u0301', 'e\u0304\u0304\u0304o', '\u0301', '\u0301\u0301', 'a\u20dd\u0301',
  // Case.
  'İstanbul İİ', 'I\u0307', 'ΣΑΣ ὈΔΥΣΣΕΎΣ', 'ǅǈǋǲ', 'ẞ ß', 'ᾈᾉᾼ', 'ΐΰ', 'Ⅻ ⓐⒶ', 'ＡＢＣ', '𐐀𐐁 𞤀', 'ꞫꞬꞭꞮ Ᶎ',
  S(0xa7cb) + S(0xa7cc) + S(0xa7dc) + S(0x1c89) + S(0x10d50) + S(0x16ea0), 'K Å Ω', 'ΪΫ',
  // BERT classes.
  '\u0000a\u0000', '\ufffd\ufffdx', 'a\u00adb', 'a\u200bb\u200cc\u200dd', '\u2028\u2029', '\u0085x\u00a0y\u3000z',
  'a\u180eb', 'a\u08e2b', '\u0890\u0891', 'a' + S(0x13430) + 'b', '\ue000\uf8ff' + S(0xf0000) + S(0x10fffd), S(0xe0001) + S(0xe0041),
  'x\u061c\u2066\u2069y', '\ufeffhello', '\u000b\u000c\u001c\u001d\u001e\u001f', 'tab\there\nnl\rcr',
  '中文字符', '𠀀𪛖𪜀𫝀𫠝𫠠𬺰', S(0x2b820) + S(0x2b91f) + S(0x2ceb0) + S(0x30000), '豈﨎', '丽' + S(0x2fa1d), '㐀䶵〇',
  '中\u0301文', 'a中b', '中', ' 中 ', '\u0000中\ufffd',
  // Whitespace.
  '', ' ', '   ', ' a ', '\t\n a b \r\n', '\u3000x\u3000', '\u00a0\u1680\u2000\u200a\u202f\u205f', '\u180e \u200b',
  'a\u0085', '\u0085a\u0085',
  // NMT.
  '\u0001\u0002a\u0008\u000e\u001fb\u007f\u008f\u009f\u0080', 'x\u2581y\u2581', '\u200b\u200f\ufeff\ufffd',
  // Byte level.
  'hello world', 'Hello 我今天能为你做什么', '😀👍🏽👨‍👩‍👧', '\u00ad\u00a0', '\u0000\u0001 ~\u007f',
  // Replace.
  'aaa', 'a  b   c', "''quoted''", '..a.b..',
]

// Random strings over characters that interact in normalization: starters
// that compose, non-starters of several classes, Hangul jamo and syllables,
// singletons, compatibility characters, characters whose decomposition
// starts with a non-starter, and their neighbours (a fixed seed keeps the
// list stable).
const pool = [
  'a', 'e', 'o', 'A', 'E', ' ', 'i', 'I', 'İ', 'ß', 'Σ',
  '\u0301', '\u0300', '\u0302', '\u0308', '\u0316', '\u0323', '\u0327', '\u0334', '\u0345', '\u05b0', '\u093c', '\u094d', '\u0e48', '\u302a', '\u3099',
  'é', 'Å', 'ǅ', 'ḱ', 'ậ', 'ṩ', 'ǖ', 'ω', 'ώ', 'ᾼ', 'ῷ',
  '\u0344', '\u0f73', '\u0f75', '\u0f81', '\u212b', '\u2126', '\u1fee',
  '\u1100', '\u1161', '\u11a8', '\u11a7', '\u1175', '가', '각', '힣', '\u3131',
  '\u0b47', '\u0b3e', '\u0b57', '\u0dd9', '\u0dcf', '\u0dca', '\u1025', '\u102e', '\u09c7', '\u09be',
  'ﬁ', '①', 'Ａ', 'ｶ', 'ﾞ', '㌀', '½', '™', '\u00a0', '\u3000', '\u2003',
  '中', '\u0000', '\ufffd', '\u200b', '\u00ad', '\t', '\n',
]
let seed = 12345
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
}
for (let i = 0; i < 300; i++) {
  const len = 1 + rand(12)
  let s = ''
  for (let j = 0; j < len; j++) s += pool[rand(pool.length)]
  module.exports.push(s)
}
