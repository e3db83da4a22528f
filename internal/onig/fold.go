package onig

import "unicode"

// Case-insensitive matching in Oniguruma compares full case foldings: "ß"
// folds to "ss", so (?i)ß matches "ss" and (?i)ss matches "ß". This file
// expands literals into the alternatives that say so. Foldings are compared
// by fold key: the smallest code point of a character's simple-folding
// orbit.

// foldKey returns the fold key of c.
func foldKey(c rune) rune {
	k := c
	for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
		k = min(k, f)
	}
	return k
}

// multiFold is a character whose folding is several characters.
type multiFold struct {
	r    rune
	keys []rune // fold keys of its folding
}

var (
	// multiFoldKeys maps the characters whose folding is several
	// characters to the fold keys of that folding.
	multiFoldKeys map[rune][]rune
	// multiFoldList lists them.
	multiFoldList []multiFold
)

func init() {
	multiFoldKeys = make(map[rune][]rune, len(multiFolds))
	for _, m := range multiFolds {
		var keys []rune
		for _, c := range m.fold {
			keys = append(keys, foldKey(c))
		}
		multiFoldKeys[m.r] = keys
		multiFoldList = append(multiFoldList, multiFold{m.r, keys})
	}
}

// seqFold returns the longest sequence of characters at the start of
// items that case-folds like a single character (as "ss" folds like "ß"),
// with the characters it folds like, or n = 0 if there is none.
func seqFold(items []rune) (n int, chars set) {
	for _, m := range multiFoldList {
		l := len(m.keys)
		if l < n || l > len(items) {
			continue
		}
		match := true
		for k, key := range m.keys {
			c := items[k]
			if _, multi := multiFoldKeys[c]; multi || foldKey(c) != key {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		if l > n {
			n, chars = l, nil
		}
		chars = append(chars, rng{m.r, m.r})
	}
	return n, chars
}

// sameFold returns the characters whose folding is keys.
func sameFold(keys []rune) set {
	var s set
	for _, m := range multiFoldList {
		if string(m.keys) == string(keys) {
			s = append(s, rng{m.r, m.r})
		}
	}
	return s
}

// emitMultiFold writes the alternative of a character whose folding is
// several characters: those characters, each with its case variants.
func (t *translator) emitMultiFold(keys []rune) {
	for _, k := range keys {
		t.emitClass(set{{k, k}}.foldClosure(), false)
	}
}

// scanRun reads, without consuming them, the literal characters at pos
// (plain or escaped) that form one string, and returns them with the
// position after the last. The last one stays out when a quantifier
// follows, as the quantifier applies to it alone.
func (t *translator) scanRun() ([]rune, int) {
	save := t.pos
	defer func() { t.pos = save }()
	var items []rune
	var ends []int
	for t.pos < len(t.src) {
		c := t.src[t.pos]
		if t.ext && (c == '#' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			if c == '#' {
				for t.pos < len(t.src) && t.src[t.pos] != '\n' {
					t.pos++
				}
			} else {
				t.pos++
			}
			continue
		}
		if t.plainLiteral(c) {
			t.pos++
			items = append(items, c)
			ends = append(ends, t.pos)
			continue
		}
		if c == '\\' && t.pos+1 < len(t.src) {
			at := t.pos
			t.pos += 2
			if r, ok := t.charEscape(t.src[at+1]); ok {
				items = append(items, r)
				ends = append(ends, t.pos)
				continue
			}
			t.pos = at
		}
		break
	}
	if len(items) > 0 && t.pos < len(t.src) {
		switch t.src[t.pos] {
		case '*', '+', '?', '{':
			items = items[:len(items)-1]
			ends = ends[:len(ends)-1]
		}
	}
	if len(items) == 0 {
		return nil, save
	}
	return items, ends[len(ends)-1]
}

// foldedRun translates, under case-insensitive matching, a string of
// literal characters whose matching involves a multi-character folding,
// and reports whether it did.
func (t *translator) foldedRun() bool {
	if !t.ci {
		return false
	}
	items, end := t.scanRun()
	if len(items) == 0 {
		return false
	}
	// Oniguruma expands from left to right: where a sequence of
	// characters folds like one character, the longest such sequence
	// becomes an alternative, and expansion goes on after it ("(?i)sss"
	// matches "ßs" but not "sß"; "(?i)ffi" matches "ﬃ" but not "ﬀi").
	multi := false
	for i := 0; i < len(items) && !multi; i++ {
		if _, ok := multiFoldKeys[items[i]]; ok {
			multi = true
		} else if n, _ := seqFold(items[i:]); n > 0 {
			multi = true
		}
	}
	if !multi {
		return false
	}
	t.pos = end
	start := t.out.Len()
	for i := 0; i < len(items); {
		if _, ok := multiFoldKeys[items[i]]; !ok {
			if n, chars := seqFold(items[i:]); n > 0 {
				t.out.WriteString("(?:")
				for _, c := range items[i : i+n] {
					t.literal(c)
				}
				t.out.WriteByte('|')
				t.emitClass(chars, false)
				t.out.WriteByte(')')
				i += n
				continue
			}
		}
		t.literal(items[i])
		i++
	}
	if len(items) == 1 {
		t.setAtom(start)
	} else {
		t.setAtom(-1)
	}
	return true
}

// plainLiteral reports whether c, unescaped, stands for itself.
func (t *translator) plainLiteral(c rune) bool {
	switch c {
	case '\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}':
		return false
	case ' ', '\t', '\n', '\r', '\f', '\v', '#':
		return !t.ext
	}
	return true
}
