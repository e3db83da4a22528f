package onig

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Translate rewrites expr, a regular expression in Oniguruma's Ruby syntax
// (what the reference compiles tokenizer.json patterns with), into a
// pattern with the same meaning for regexp2 compiled with no options.
//
// What it changes:
//   - every character class (\p{..}, \d, \w, \s, \h, [...], and literals
//     under case-insensitive matching) becomes an explicit class with
//     Oniguruma's Unicode 16 membership and case folding, expressed with
//     Go's categories where they agree, for speed;
//   - nested classes, intersections (&&) and Ruby's "[]" first-bracket rule;
//   - ^ and $ match at line boundaries as in Ruby (^ not after a final
//     newline); (?m) makes . match newlines;
//   - an option group (?i) without a colon covers the rest of its group,
//     alternatives included;
//   - possessive quantifiers (*+ ++ ?+) become atomic groups, {,n} becomes
//     {0,n}, {n,m}+ repeats, and a brace that opens no interval is literal.
//
// Script and property names other than general categories fall back to
// Go's tables, which follow an older Unicode version.
func Translate(expr string) (string, error) {
	t := translator{src: []rune(expr)}
	t.out.WriteString("(?m)")
	if err := t.sequence(false); err != nil {
		return "", err
	}
	return t.out.String(), nil
}

type translator struct {
	src []rune
	pos int
	out strings.Builder
	ci  bool // case-insensitive
	ext bool // extended: whitespace and # comments ignored
	dot bool // . matches newlines
	// atom is where the last quantifiable item starts in out, or -1.
	atom int
	// quantified is set when the last item already has a quantifier: a
	// new one repeats the whole (a** is (?:a*)*).
	quantified bool
}

func (t *translator) errorf(format string, args ...any) error {
	return fmt.Errorf("regex %q at %d: %s", string(t.src), t.pos, fmt.Sprintf(format, args...))
}

func (t *translator) peek(k int) rune {
	if t.pos+k < len(t.src) {
		return t.src[t.pos+k]
	}
	return -1
}

// sequence translates alternatives up to the end of the pattern, or up to
// and including the ")" that closes the current group when inGroup.
func (t *translator) sequence(inGroup bool) error {
	t.setAtom(-1)
	extraClose := 0 // option groups opened by (?i) and the like
	for t.pos < len(t.src) {
		c := t.src[t.pos]
		if t.ext {
			if c == '#' {
				for t.pos < len(t.src) && t.src[t.pos] != '\n' {
					t.pos++
				}
				continue
			}
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
				t.pos++
				continue
			}
		}
		switch c {
		case ')':
			if !inGroup {
				return t.errorf("unmatched )")
			}
			t.pos++
			for range extraClose {
				t.out.WriteByte(')')
			}
			t.out.WriteByte(')')
			return nil
		case '(':
			start := t.out.Len()
			kind, err := t.group()
			if err != nil {
				return err
			}
			switch kind {
			case groupAtom:
				t.setAtom(start)
			case groupOptions:
				// (?flags) applies to the rest of the enclosing
				// group as a group of its own.
				extraClose++
				t.setAtom(-1)
			}
		case '|':
			t.pos++
			t.out.WriteByte('|')
			t.setAtom(-1)
		case '*', '+', '?':
			if err := t.quantifier(); err != nil {
				return err
			}
		case '{':
			if t.interval() {
				break
			}
			t.pos++
			t.setAtom(t.out.Len())
			t.out.WriteString(`\{`)
		case '[':
			start := t.out.Len()
			s, neg, err := t.class()
			if err != nil {
				return err
			}
			t.emitClassFolded(s, neg)
			t.setAtom(start)
		case '\\':
			start := t.out.Len()
			if err := t.escape(); err != nil {
				return err
			}
			t.setAtom(start)
		case '^':
			t.pos++
			t.out.WriteString(`(?:\A|(?<=\n)(?!\z))`)
			t.setAtom(-1)
		case '$':
			t.pos++
			t.out.WriteString(`(?=\n|\z)`)
			t.setAtom(-1)
		case '.':
			t.pos++
			t.setAtom(t.out.Len())
			if t.dot {
				t.out.WriteString(`(?s:.)`)
			} else {
				t.out.WriteString(`[^\n]`)
			}
		default:
			if t.foldedRun() {
				break
			}
			t.pos++
			t.setAtom(t.out.Len())
			t.literal(c)
		}
	}
	if inGroup {
		return t.errorf("missing )")
	}
	for range extraClose {
		t.out.WriteByte(')')
	}
	return nil
}

// literal writes the character c, or the class of its case variants.
func (t *translator) literal(c rune) {
	if k, ok := multiFoldKeys[c]; ok && t.ci {
		// The character itself, or its folding.
		t.out.WriteString("(?:")
		t.emitClass(union(set{{c, c}}.foldClosure(), sameFold(k)), false)
		t.out.WriteByte('|')
		t.emitMultiFold(k)
		t.out.WriteByte(')')
		return
	}
	if t.ci {
		s := set{{c, c}}.foldClosure()
		if len(s) > 1 || s[0].lo != s[0].hi {
			t.emitClass(s, false)
			return
		}
	}
	t.writeRune(c)
}

// writeRune writes c so that regexp2 reads it literally.
func (t *translator) writeRune(c rune) {
	switch {
	case c < 0x20 || c == 0x7f:
		fmt.Fprintf(&t.out, `\x{%x}`, c)
	case c < utf8.RuneSelf && strings.ContainsRune(`\^$.|?*+()[]{}#- `, c):
		t.out.WriteByte('\\')
		t.out.WriteRune(c)
	case c < utf8.RuneSelf:
		t.out.WriteRune(c)
	default:
		fmt.Fprintf(&t.out, `\x{%x}`, c)
	}
}

// The kinds of groups.
const (
	groupAtom    = iota // a group that can be quantified
	groupOptions        // (?i) and the like: a group up to the end of the enclosing one
	groupComment        // (?#...): nothing
)

// group translates a group starting at "(" and returns its kind.
func (t *translator) group() (int, error) {
	t.pos++ // (
	saved := [3]bool{t.ci, t.ext, t.dot}
	restore := func() { t.ci, t.ext, t.dot = saved[0], saved[1], saved[2] }
	if t.peek(0) != '?' {
		t.out.WriteByte('(')
		err := t.sequence(true)
		restore()
		return groupAtom, err
	}
	t.pos++ // ?
	switch c := t.peek(0); {
	case c == '#':
		for t.pos < len(t.src) && t.src[t.pos] != ')' {
			t.pos++
		}
		if t.pos == len(t.src) {
			return groupAtom, t.errorf("missing ) after comment")
		}
		t.pos++
		// A comment is no atom: keep the previous one quantifiable.
		return groupComment, nil
	case c == ':' || c == '=' || c == '!' || c == '>':
		t.pos++
		t.out.WriteString("(?" + string(c))
	case c == '<' && (t.peek(1) == '=' || t.peek(1) == '!'):
		t.out.WriteString("(?<" + string(t.peek(1)))
		t.pos += 2
	case c == '<' || c == '\'' || (c == 'P' && t.peek(1) == '<'):
		// A named group: copy the name as it is.
		if c == 'P' {
			t.pos++
		}
		end := '>'
		if c == '\'' {
			end = '\''
		}
		t.pos++
		var name []rune
		for t.pos < len(t.src) && t.src[t.pos] != end {
			name = append(name, t.src[t.pos])
			t.pos++
		}
		if t.pos == len(t.src) {
			return groupAtom, t.errorf("unterminated group name")
		}
		t.pos++
		t.out.WriteString("(?<" + string(name) + ">")
	default:
		// Options: (?imx-imx) or (?imx-imx:...).
		on := true
		for {
			c := t.peek(0)
			switch c {
			case 'i':
				t.ci = on
			case 'm':
				t.dot = on
			case 'x':
				t.ext = on
			case '-':
				if !on {
					return groupAtom, t.errorf("undefined group option")
				}
				on = false
			case ':', ')':
				t.pos++
				t.out.WriteString("(?:")
				if c == ')' {
					// The options hold until the end of the
					// enclosing group; sequence closes it there.
					return groupOptions, nil
				}
				err := t.sequence(true)
				restore()
				return groupAtom, err
			default:
				return groupAtom, t.errorf("undefined group option")
			}
			t.pos++
		}
	}
	err := t.sequence(true)
	restore()
	return groupAtom, err
}

// quantifier translates *, + or ? and what follows them.
func (t *translator) quantifier() error {
	if t.atom < 0 {
		return t.errorf("target of repeat operator is not specified")
	}
	q := t.src[t.pos]
	t.pos++
	if t.quantified {
		t.wrapAtom("(?:", ")")
	}
	t.quantified = true
	switch t.peek(0) {
	case '?':
		t.pos++
		t.out.WriteRune(q)
		t.out.WriteByte('?')
	case '+':
		// Possessive: an atomic group around the repeat.
		t.pos++
		t.out.WriteRune(q)
		t.wrapAtom("(?>", ")")
	default:
		t.out.WriteRune(q)
	}
	// A quantified item can be quantified again (a** is valid): the
	// atom stays where it was.
	return nil
}

// wrapAtom puts prefix and suffix around the output from the last atom on.
func (t *translator) wrapAtom(prefix, suffix string) {
	s := t.out.String()
	t.out.Reset()
	t.out.WriteString(s[:t.atom])
	t.out.WriteString(prefix)
	t.out.WriteString(s[t.atom:])
	t.out.WriteString(suffix)
}

// interval translates {n}, {n,}, {,m} or {n,m} and reports whether there
// was one (an invalid interval is a literal brace in Ruby syntax).
func (t *translator) interval() bool {
	i := t.pos + 1
	num := func() (string, bool) {
		j := i
		for i < len(t.src) && t.src[i] >= '0' && t.src[i] <= '9' {
			i++
		}
		return string(t.src[j:i]), i > j
	}
	lo, hasLo := num()
	hi, hasHi := "", false
	comma := false
	if i < len(t.src) && t.src[i] == ',' {
		comma = true
		i++
		hi, hasHi = num()
	}
	if i >= len(t.src) || t.src[i] != '}' || (!hasLo && !hasHi) || t.atom < 0 {
		return false
	}
	i++
	if !hasLo {
		lo = "0"
	}
	for _, n := range []string{lo, hi} {
		if v, err := strconv.Atoi(n); n != "" && (err != nil || v > 100000) {
			return false
		}
	}
	if hasHi {
		// Oniguruma swaps reversed bounds.
		if l, _ := strconv.Atoi(lo); l > 0 {
			if h, _ := strconv.Atoi(hi); h < l {
				lo, hi = hi, lo
			}
		}
	}
	if t.quantified {
		t.wrapAtom("(?:", ")")
	}
	t.quantified = true
	q := "{" + lo
	if comma {
		q += "," + hi
	}
	q += "}"
	t.pos = i
	t.out.WriteString(q)
	switch t.peek(0) {
	case '?':
		t.pos++
		t.out.WriteByte('?')
	case '+':
		// Not possessive in Ruby syntax: the interval repeats.
		t.pos++
		t.wrapAtom("(?:", ")+")
	}
	return true
}

// escape translates an escape sequence outside a class.
func (t *translator) escape() error {
	if s, neg, ok, err := t.classEscape(); err != nil {
		return err
	} else if ok {
		t.emitClass(s, neg)
		return nil
	}
	t.pos++ // backslash
	if t.pos == len(t.src) {
		return t.errorf("end pattern at escape")
	}
	c := t.src[t.pos]
	t.pos++
	switch c {
	case 'R':
		t.out.WriteString(`(?>\r\n|[\n\x{b}\f\r\x{85}\x{2028}\x{2029}])`)
		return nil
	case 'k', 'g':
		// Back reference or subexpression call: copy the name.
		t.out.WriteByte('\\')
		t.out.WriteRune(c)
		if t.peek(0) == '<' || t.peek(0) == '\'' {
			end := '>'
			if t.peek(0) == '\'' {
				end = '\''
			}
			for t.pos < len(t.src) {
				r := t.src[t.pos]
				t.out.WriteRune(r)
				t.pos++
				if r == end {
					break
				}
			}
		}
		return nil
	}
	if r, ok := t.charEscape(c); ok {
		t.literal(r)
		return nil
	}
	t.out.WriteByte('\\')
	t.out.WriteRune(c)
	return nil
}

// charEscape reads an escape that stands for one character, after the
// backslash and the letter c.
func (t *translator) charEscape(c rune) (rune, bool) {
	switch c {
	case 't':
		return '\t', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 'f':
		return '\f', true
	case 'v':
		return '\v', true
	case 'a':
		return '\a', true
	case 'e':
		return 0x1b, true
	case 'x':
		if t.peek(0) == '{' {
			j := t.pos + 1
			for j < len(t.src) && t.src[j] != '}' {
				j++
			}
			if j < len(t.src) {
				if v, err := strconv.ParseUint(string(t.src[t.pos+1:j]), 16, 32); err == nil && v <= maxRune {
					t.pos = j + 1
					return rune(v), true
				}
			}
			return 0, false
		}
		return t.hex(2)
	case 'u':
		return t.hex(4)
	case 'o':
		if t.peek(0) == '{' {
			j := t.pos + 1
			for j < len(t.src) && t.src[j] != '}' {
				j++
			}
			if j < len(t.src) {
				if v, err := strconv.ParseUint(string(t.src[t.pos+1:j]), 8, 32); err == nil && v <= maxRune {
					t.pos = j + 1
					return rune(v), true
				}
			}
		}
		return 0, false
	}
	if !isASCIILetterOrDigit(c) {
		// An escaped symbol stands for itself.
		return c, true
	}
	return 0, false
}

func (t *translator) hex(n int) (rune, bool) {
	j := t.pos
	for j < len(t.src) && j-t.pos < n && isHex(t.src[j]) {
		j++
	}
	if j == t.pos || (n == 4 && j-t.pos != 4) {
		return 0, false
	}
	v, _ := strconv.ParseUint(string(t.src[t.pos:j]), 16, 32)
	t.pos = j
	return rune(v), true
}

func isHex(c rune) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func isASCIILetterOrDigit(c rune) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// classEscape reads an escape that stands for a class (\d \w \s \h, their
// negations, \p{..} and \P{..}), if the pattern has one at pos.
func (t *translator) classEscape() (s set, neg, ok bool, err error) {
	if t.peek(0) != '\\' {
		return nil, false, false, nil
	}
	c := t.peek(1)
	switch c {
	case 'd', 'D':
		s = fromTable(Digit)
	case 'w', 'W':
		s = fromTable(Word)
	case 's', 'S':
		s = fromTable(Space)
	case 'h', 'H':
		s = set{{'0', '9'}, {'A', 'F'}, {'a', 'f'}}
	case 'p', 'P':
		if t.peek(2) != '{' {
			return nil, false, false, t.errorf("invalid character property name")
		}
		j := t.pos + 3
		for j < len(t.src) && t.src[j] != '}' {
			j++
		}
		if j == len(t.src) {
			return nil, false, false, t.errorf("invalid character property name")
		}
		name := string(t.src[t.pos+3 : j])
		neg = c == 'P'
		if strings.HasPrefix(name, "^") {
			name = name[1:]
			neg = !neg
		}
		s, err = property(name)
		if err != nil {
			return nil, false, false, t.errorf("%v", err)
		}
		t.pos = j + 1
		return s, neg, true, nil
	default:
		return nil, false, false, nil
	}
	t.pos += 2
	return s, c >= 'A' && c <= 'Z', true, nil
}

// class reads a bracketed class, nested classes and intersections
// included, and returns its members (before negation) and whether it is
// negated.
func (t *translator) class() (set, bool, error) {
	t.pos++ // [
	neg := false
	if t.peek(0) == '^' {
		neg = true
		t.pos++
	}
	var acc set       // the current operand of &&
	var inter set     // the intersection of the operands before it
	hasInter := false // whether there was a &&
	first := true     // a ] here is literal
	for {
		if t.pos >= len(t.src) {
			return nil, false, t.errorf("premature end of char-class")
		}
		c := t.src[t.pos]
		switch {
		case c == ']' && !first:
			t.pos++
			if hasInter {
				acc = intersect(inter, acc.normalize())
			}
			s := acc.normalize()
			if t.ci {
				s = s.foldClosure()
			}
			return s, neg, nil
		case c == '[' && t.peek(1) == ':':
			if s, ok := t.posixBracket(); ok {
				if t.peek(0) == '-' && t.peek(1) != ']' {
					return nil, false, t.errorf("unmatched range specifier in char-class")
				}
				acc = append(acc, s...)
				break
			}
			fallthrough
		case c == '[':
			s, n, err := t.class()
			if err != nil {
				return nil, false, err
			}
			if n {
				s = s.complement()
			}
			acc = append(acc, s...)
		case c == '&' && t.peek(1) == '&':
			t.pos += 2
			if hasInter {
				inter = intersect(inter, acc.normalize())
			} else {
				inter = acc.normalize()
			}
			hasInter = true
			acc = nil
		default:
			lo, isSet, s, err := t.classAtom()
			if err != nil {
				return nil, false, err
			}
			if isSet {
				if t.peek(0) == '-' && t.peek(1) != ']' {
					return nil, false, t.errorf("unmatched range specifier in char-class")
				}
				acc = append(acc, s...)
				break
			}
			// A range lo-hi?
			if t.peek(0) == '-' && t.peek(1) != ']' && t.peek(1) != -1 {
				t.pos++
				hi, hiSet, _, err := t.classAtom()
				if err != nil {
					return nil, false, err
				}
				if hiSet {
					return nil, false, t.errorf("char-class value at end of range")
				}
				if hi < lo {
					return nil, false, t.errorf("empty range in char class")
				}
				acc = append(acc, rng{lo, hi})
				break
			}
			acc = append(acc, rng{lo, lo})
		}
		first = false
	}
}

// classAtom reads one character of a class, or a class escape.
func (t *translator) classAtom() (rune, bool, set, error) {
	s, neg, ok, err := t.classEscape()
	if err != nil {
		return 0, false, nil, err
	}
	if ok {
		s = s.normalize()
		if neg {
			s = s.complement()
		}
		return 0, true, s, nil
	}
	c := t.src[t.pos]
	t.pos++
	if c != '\\' {
		return c, false, nil, nil
	}
	if t.pos == len(t.src) {
		return 0, false, nil, t.errorf("end pattern at escape")
	}
	e := t.src[t.pos]
	t.pos++
	if e == 'b' {
		return '\b', false, nil, nil
	}
	if r, ok := t.charEscape(e); ok {
		return r, false, nil, nil
	}
	if e >= '0' && e <= '7' {
		v := int(e - '0')
		for k := 0; k < 2 && t.peek(0) >= '0' && t.peek(0) <= '7'; k++ {
			v = v*8 + int(t.peek(0)-'0')
			t.pos++
		}
		return rune(v), false, nil, nil
	}
	return 0, false, nil, t.errorf("invalid escape \\%c in char class", e)
}

// posixBracket reads [:name:] or [:^name:] inside a class.
func (t *translator) posixBracket() (set, bool) {
	j := t.pos + 2
	for j < len(t.src) && t.src[j] != ':' && t.src[j] != ']' {
		j++
	}
	if j+1 >= len(t.src) || t.src[j] != ':' || t.src[j+1] != ']' {
		return nil, false
	}
	name := string(t.src[t.pos+2 : j])
	neg := strings.HasPrefix(name, "^")
	name = strings.TrimPrefix(name, "^")
	tab, ok := posixTables[name]
	if !ok {
		return nil, false
	}
	s := fromTable(tab)
	t.pos = j + 2
	if neg {
		s = s.complement()
	}
	return s, true
}

// property returns the members of the character property name.
func property(name string) (set, error) {
	key := propertyKey(name)
	if tab, ok := propertyTables[key]; ok {
		return fromTable(tab), nil
	}
	switch key {
	case "any":
		return set{{0, maxRune}}, nil
	case "ascii":
		return set{{0, 0x7f}}, nil
	case "assigned":
		return fromTable(Cn).complement(), nil
	}
	// Scripts and other properties: Go's tables.
	for n, tab := range unicode.Scripts {
		if propertyKey(n) == key {
			return fromTable(tab), nil
		}
	}
	for n, tab := range unicode.Properties {
		if propertyKey(n) == key {
			return fromTable(tab), nil
		}
	}
	return nil, fmt.Errorf("invalid character property name {%s}", name)
}

// propertyKey normalizes a property name as Oniguruma compares them:
// case, spaces, hyphens and underscores do not matter.
func propertyKey(name string) string {
	var b strings.Builder
	for _, c := range name {
		switch c {
		case ' ', '-', '_':
			continue
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// propertyTables maps normalized property names to Oniguruma's tables.
var propertyTables = func() map[string]*unicode.RangeTable {
	m := map[string]*unicode.RangeTable{}
	for n, tab := range categoryTables {
		m[propertyKey(n)] = tab
	}
	for long, short := range map[string]string{
		"Other": "C", "Control": "Cc", "Format": "Cf", "Unassigned": "Cn", "Private_Use": "Co",
		"Letter": "L", "Cased_Letter": "LC", "Lowercase_Letter": "Ll", "Modifier_Letter": "Lm",
		"Other_Letter": "Lo", "Titlecase_Letter": "Lt", "Uppercase_Letter": "Lu",
		"Mark": "M", "Combining_Mark": "M", "Spacing_Mark": "Mc", "Enclosing_Mark": "Me", "Nonspacing_Mark": "Mn",
		"Number": "N", "Decimal_Number": "Nd", "Letter_Number": "Nl", "Other_Number": "No",
		"Punctuation": "P", "Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd", "Close_Punctuation": "Pe",
		"Final_Punctuation": "Pf", "Initial_Punctuation": "Pi", "Other_Punctuation": "Po", "Open_Punctuation": "Ps",
		"Symbol": "S", "Currency_Symbol": "Sc", "Modifier_Symbol": "Sk", "Math_Symbol": "Sm", "Other_Symbol": "So",
		"Separator": "Z", "Line_Separator": "Zl", "Paragraph_Separator": "Zp", "Space_Separator": "Zs",
		"Space": "space", "White_Space": "space", "Word": "word", "Digit": "Nd",
	} {
		switch short {
		case "space":
			m[propertyKey(long)] = Space
		case "word":
			m[propertyKey(long)] = Word
		default:
			m[propertyKey(long)] = categoryTables[short]
		}
	}
	return m
}()

// shortcut is a class regexp2 knows by name, with the code points it
// covers in the Go version this is built with.
type shortcut struct {
	syntax string
	set    set
}

// shortcuts are tried in order to express a class compactly: regexp2
// checks a category with a binary search but scans explicit ranges one by
// one, so large classes are much faster as categories plus the few code
// points Go's older tables lack.
var shortcuts = func() []shortcut {
	var out []shortcut
	out = append(out, shortcut{`\s`, fromTable(unicode.White_Space)})
	for _, n := range []string{"L", "N", "M", "P", "S", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No",
		"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Cc", "Cf", "Co"} {
		out = append(out, shortcut{`\p{` + n + `}`, fromTable(unicode.Categories[n])})
	}
	return out
}()

// emitClassFolded writes a bracketed class. Under case-insensitive
// matching, a class holding characters whose folding is several characters
// (ß) also matches those characters ("ss"), after single characters.
func (t *translator) emitClassFolded(s set, neg bool) {
	if !t.ci || neg {
		t.emitClass(s, neg)
		return
	}
	var folds [][]rune
	seen := map[string]bool{}
	for _, m := range multiFoldList {
		if !s.contains(m.r) || seen[string(m.keys)] {
			continue
		}
		seen[string(m.keys)] = true
		folds = append(folds, m.keys)
	}
	if len(folds) == 0 {
		t.emitClass(s, neg)
		return
	}
	t.out.WriteString("(?:")
	t.emitClass(s, false)
	for _, k := range folds {
		t.out.WriteByte('|')
		t.emitMultiFold(k)
	}
	t.out.WriteByte(')')
}

// emitClass writes the class of the code points of s, or of all others
// when neg is set.
func (t *translator) emitClass(s set, neg bool) {
	s = s.normalize()
	if len(s) == 0 {
		if neg {
			t.out.WriteString(`[\x{0}-\x{10ffff}]`)
		} else {
			t.out.WriteString(`[^\x{0}-\x{10ffff}]`)
		}
		return
	}
	if !neg && len(s) == 1 && s[0].lo == s[0].hi {
		t.writeRune(s[0].lo)
		return
	}
	t.out.WriteByte('[')
	if neg {
		t.out.WriteByte('^')
	}
	rest := s
	if s.size() > 64 {
		for _, sc := range shortcuts {
			if len(sc.set) == 0 || !sc.set.subsetOf(s) {
				continue
			}
			if len(intersect(sc.set, rest)) == 0 {
				continue
			}
			t.out.WriteString(sc.syntax)
			rest = subtract(rest, sc.set)
		}
	}
	for _, r := range rest {
		if r.lo == r.hi {
			fmt.Fprintf(&t.out, `\x{%x}`, r.lo)
		} else {
			fmt.Fprintf(&t.out, `\x{%x}-\x{%x}`, r.lo, r.hi)
		}
	}
	t.out.WriteByte(']')
}

// setAtom records that a new item starts at pos in the output (-1: none).
func (t *translator) setAtom(pos int) {
	t.atom = pos
	t.quantified = false
}
