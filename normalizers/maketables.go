//go:build ignore

// maketables generates tables.go, the Unicode data of the normalizers.
//
// The reference (Hugging Face tokenizers) takes its Unicode data from three
// places, of three different Unicode versions, and we must use the same:
//
//   - Normalization (NFD, NFKD, NFC, NFKC), canonical combining classes and
//     the combining marks StripAccents removes come from the crate
//     unicode-normalization-alignments 0.1.12, which has Unicode 9.0.0
//     tables. Its src/tables.rs is read here (-tables), as data only: the
//     combining classes, the composition pairs, the full canonical and
//     compatibility decompositions and the combining marks.
//   - The categories of BertNormalizer (control, format and private-use
//     characters it removes; nonspacing marks it strips) come from the crate
//     unicode_categories 0.1.1, whose tables are older than Unicode 9.0 (they
//     lack U+08D4..U+08E2, for example).
//   - Lowercase is Rust's char::to_lowercase, of the Rust release the
//     reference was built with (Unicode 17.0 mappings).
//
// The last two, and the check of the first, come from testdata/unicode_ref.txt.gz,
// which testdata/gen/probe.js writes by asking the reference itself about
// every code point (-ref).
//
// Usage:
//
//	go run maketables.go -tables /path/to/unicode-normalization-alignments/src/tables.rs
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

const maxRune = 0x10FFFF

// Property bits of props, the per-code-point table (see tables.go).
const (
	pHasCanon       = 1 << 8
	pHasCompat      = 1 << 9
	pCompSecond     = 1 << 10
	pNFCInert       = 1 << 11
	pNFKCInert      = 1 << 12
	pCombiningMark  = 1 << 13
	pBertNonspacing = 1 << 14
	pBertRemoved    = 1 << 15
)

const (
	hangulSBase  = 0xAC00
	hangulSCount = 11172
	hangulLBase  = 0x1100
	hangulLCount = 19
	hangulVBase  = 0x1161
	hangulVCount = 21
	hangulTBase  = 0x11A7
	hangulTCount = 28
)

func isHangul(r rune) bool { return r >= hangulSBase && r < hangulSBase+hangulSCount }

type crateData struct {
	ccc     map[rune]uint8
	compose map[[2]rune]rune
	canon   map[rune][]rune
	compat  map[rune][]rune
	marks   map[rune]bool
}

var (
	reHex  = regexp.MustCompile(`0x[0-9A-Fa-f]+`)
	reChar = regexp.MustCompile(`\\u\{([0-9A-Fa-f]+)\}`)
)

func hexVal(s string) rune {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 32)
	if err != nil {
		log.Fatal(err)
	}
	return rune(v)
}

func chars(line string) []rune {
	var out []rune
	for _, m := range reChar.FindAllStringSubmatch(line, -1) {
		out = append(out, hexVal(m[1]))
	}
	return out
}

// section returns the lines of tables.rs from the one containing start up to
// the next line equal to end.
func section(lines []string, start, end string) []string {
	for i, l := range lines {
		if strings.Contains(l, start) {
			for j := i + 1; j < len(lines); j++ {
				if strings.TrimSpace(lines[j]) == end {
					return lines[i+1 : j]
				}
			}
		}
	}
	log.Fatalf("tables.rs: no %s", start)
	return nil
}

func readCrate(path string) *crateData {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	if !strings.Contains(string(b), "UNICODE_VERSION: (u64, u64, u64) = (9, 0, 0)") {
		log.Fatal("tables.rs: not the Unicode 9.0.0 tables")
	}
	d := &crateData{ccc: map[rune]uint8{}, compose: map[[2]rune]rune{}, canon: map[rune][]rune{}, compat: map[rune][]rune{}, marks: map[rune]bool{}}
	for _, l := range section(lines, "CANONICAL_COMBINING_CLASS_KV", "];") {
		for _, h := range reHex.FindAllString(l, -1) {
			kv := hexVal(h)
			d.ccc[kv>>8] = uint8(kv & 0xFF)
		}
	}
	for _, l := range section(lines, "COMPOSITION_TABLE_KV", "];") {
		h := reHex.FindString(l)
		c := chars(l)
		if h == "" || len(c) != 1 {
			continue
		}
		k := hexVal(h)
		d.compose[[2]rune{k >> 16, k & 0xFFFF}] = c[0]
	}
	for _, l := range section(lines, "fn composition_table_astral", "}") {
		c := chars(l)
		if len(c) == 3 {
			d.compose[[2]rune{c[0], c[1]}] = c[2]
		}
	}
	for _, x := range []struct {
		name string
		m    map[rune][]rune
	}{{"CANONICAL_DECOMPOSED_KV", d.canon}, {"COMPATIBILITY_DECOMPOSED_KV", d.compat}} {
		for _, l := range section(lines, x.name, "];") {
			h := reHex.FindString(l)
			c := chars(l)
			if h == "" || len(c) == 0 {
				continue
			}
			x.m[hexVal(h)] = c
		}
	}
	for _, l := range section(lines, "COMBINING_MARK_KV", "];") {
		for _, h := range reHex.FindAllString(l, -1) {
			d.marks[hexVal(h)] = true
		}
	}
	log.Printf("tables.rs: %d ccc, %d compositions, %d canonical, %d compatibility, %d marks",
		len(d.ccc), len(d.compose), len(d.canon), len(d.compat), len(d.marks))
	return d
}

// refData is what testdata/unicode_ref.txt.gz says.
type refData struct {
	maps map[string]map[rune][]rune
	sets map[string][][2]rune
}

func readRef(path string) *refData {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		log.Fatal(err)
	}
	d := &refData{maps: map[string]map[rune][]rune{}, sets: map[string][][2]rune{}}
	sc := bufio.NewScanner(zr)
	var curMap map[rune][]rune
	curSet := ""
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "map":
			curMap, curSet = map[rune][]rune{}, ""
			d.maps[f[1]] = curMap
		case len(f) == 2 && f[0] == "set":
			curMap, curSet = nil, f[1]
			d.sets[curSet] = nil
		case curMap != nil:
			var out []rune
			for _, x := range f[1:] {
				if x != "-" {
					out = append(out, hexVal(x))
				}
			}
			curMap[hexVal(f[0])] = out
		case curSet != "":
			d.sets[curSet] = append(d.sets[curSet], [2]rune{hexVal(f[0]), hexVal(f[1])})
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	return d
}

func inSet(set [][2]rune) func(rune) bool {
	return func(r rune) bool {
		i := sort.Search(len(set), func(i int) bool { return set[i][1] >= r })
		return i < len(set) && set[i][0] <= r
	}
}

// twoLevel is a table of one value per code point, stored as blocks of
// 1<<shift values, identical blocks shared.
type twoLevel struct {
	shift int
	index []int
	data  []int
}

func build(shift int, val func(rune) int) twoLevel {
	size := 1 << shift
	t := twoLevel{shift: shift}
	seen := map[string]int{}
	for b := 0; b <= maxRune>>shift; b++ {
		blk := make([]int, size)
		for i := range size {
			blk[i] = val(rune(b<<shift | i))
		}
		key := fmt.Sprint(blk)
		n, ok := seen[key]
		if !ok {
			n = len(t.data) >> shift
			seen[key] = n
			t.data = append(t.data, blk...)
		}
		t.index = append(t.index, n)
	}
	return t
}

func best(val func(rune) int, dataBytes int) twoLevel {
	var bt twoLevel
	bestSize := -1
	for shift := 4; shift <= 8; shift++ {
		t := build(shift, val)
		ib := 1
		if len(t.data)>>shift > 256 {
			ib = 2
		}
		size := len(t.index)*ib + len(t.data)*dataBytes
		if bestSize < 0 || size < bestSize {
			bt, bestSize = t, size
		}
	}
	return bt
}

func main() {
	tablesPath := flag.String("tables", "", "src/tables.rs of unicode-normalization-alignments 0.1.12")
	refPath := flag.String("ref", "testdata/unicode_ref.txt.gz", "the reference's answers (testdata/gen/probe.js)")
	out := flag.String("o", "tables.go", "output file")
	flag.Parse()
	if *tablesPath == "" {
		log.Fatal("-tables is required")
	}
	cd := readCrate(*tablesPath)
	rd := readRef(*refPath)

	compSecond := map[rune]bool{}
	for k := range cd.compose {
		compSecond[k[1]] = true
	}
	for v := rune(hangulVBase); v < hangulVBase+hangulVCount; v++ {
		compSecond[v] = true
	}
	for t := rune(hangulTBase + 1); t < hangulTBase+hangulTCount; t++ {
		compSecond[t] = true
	}
	nfd := func(r rune) []rune {
		if d, ok := cd.canon[r]; ok {
			return d
		}
		return []rune{r}
	}
	nfkd := func(r rune) []rune {
		if d, ok := cd.compat[r]; ok {
			return d
		}
		return nfd(r)
	}
	nfcMap, nfkcMap := rd.maps["nfc"], rd.maps["nfkc"]
	if nfcMap == nil || nfkcMap == nil || rd.maps["lowercase"] == nil {
		log.Fatal("ref: missing maps")
	}
	bertRemoved := inSet(rd.sets["bert_removed"])
	bertNonspacing := inSet(rd.sets["bert_nonspacing"])

	props := func(r rune) int {
		if r >= 0xD800 && r <= 0xDFFF {
			return 0
		}
		p := int(cd.ccc[r])
		hangul := isHangul(r)
		_, canon := cd.canon[r]
		_, compat := cd.compat[r]
		if canon || hangul {
			p |= pHasCanon
		}
		if canon || compat || hangul {
			p |= pHasCompat
		}
		if compSecond[r] {
			p |= pCompSecond
		}
		// A character is inert for a composing form when its presence
		// cannot change anything: it recomposes to itself with all its
		// decomposition merged back, and nothing before it can compose
		// with it.
		inert := func(decomp []rune, m map[rune][]rune) bool {
			if cd.ccc[r] != 0 || compSecond[r] {
				return false
			}
			if len(decomp) == 1 && decomp[0] == r {
				return true
			}
			_, changes := m[r]
			return !changes && cd.ccc[decomp[0]] == 0 && !compSecond[decomp[0]]
		}
		var dc, dk []rune
		if hangul {
			s := r - hangulSBase
			dc = []rune{hangulLBase + s/(hangulVCount*hangulTCount)}
			dk = dc
		} else {
			dc, dk = nfd(r), nfkd(r)
		}
		if inert(dc, nfcMap) {
			p |= pNFCInert
		}
		if inert(dk, nfkcMap) {
			p |= pNFKCInert
		}
		if cd.marks[r] {
			p |= pCombiningMark
		}
		if bertNonspacing(r) {
			p |= pBertNonspacing
		}
		if bertRemoved(r) {
			p |= pBertRemoved
		}
		return p
	}

	// Decompositions: a pool of UTF-8 text, and for each decomposable
	// code point an entry {canonical, compatibility} of offset<<8|length.
	var pool bytes.Buffer
	poolAt := map[string]int{}
	add := func(rs []rune) int {
		s := string(rs)
		if off, ok := poolAt[s]; ok {
			return off<<8 | len(s)
		}
		off := strings.Index(pool.String(), s)
		if off < 0 {
			off = pool.Len()
			pool.WriteString(s)
		}
		poolAt[s] = off
		return off<<8 | len(s)
	}
	var decompCPs []rune
	for r := range rune(maxRune + 1) {
		_, a := cd.canon[r]
		_, b := cd.compat[r]
		if a || b {
			decompCPs = append(decompCPs, r)
		}
	}
	entryOf := map[rune]int{}
	entries := [][2]int{{0, 0}}
	for _, r := range decompCPs {
		var e [2]int
		if d, ok := cd.canon[r]; ok {
			e[0] = add(d)
		}
		e[1] = add(nfkd(r))
		entryOf[r] = len(entries)
		entries = append(entries, e)
	}

	// Lowercase: a delta per code point, through a small table of deltas.
	lower := rd.maps["lowercase"]
	deltas := []int{0}
	deltaIdx := map[int]int{0: 0}
	lowerOf := func(r rune) int {
		l, ok := lower[r]
		if !ok || len(l) != 1 {
			return 0
		}
		d := int(l[0] - r)
		i, ok := deltaIdx[d]
		if !ok {
			i = len(deltas)
			deltaIdx[d] = i
			deltas = append(deltas, d)
		}
		return i
	}
	for r, l := range lower {
		if len(l) != 1 && r != 0x130 {
			log.Fatalf("lowercase of %U has %d characters", r, len(l))
		}
	}

	// Compositions, sorted by key first<<21|second.
	type comp struct {
		key uint64
		r   rune
	}
	var comps []comp
	for k, v := range cd.compose {
		comps = append(comps, comp{uint64(k[0])<<21 | uint64(k[1]), v})
	}
	sort.Slice(comps, func(i, j int) bool { return comps[i].key < comps[j].key })

	propT := best(props, 2)
	decompT := best(func(r rune) int { return entryOf[r] }, 2)
	lowerT := best(lowerOf, 1)
	if len(deltas) > 256 {
		log.Fatal("too many lowercase deltas")
	}

	var w bytes.Buffer
	fmt.Fprintf(&w, "// Code generated by go run maketables.go; DO NOT EDIT.\n\npackage normalizers\n\n")
	writeTable(&w, "props", "the properties of each code point (see prop*)", propT, "uint16")
	writeTable(&w, "decomp", "the index in decompEntries of each code point's decompositions (0 for none)", decompT, "uint16")
	fmt.Fprintf(&w, "// decompEntries holds {canonical, compatibility} decompositions as\n// offset<<8|length in decompPool. A zero canonical entry means none.\nvar decompEntries = [...][2]uint32{\n")
	for _, e := range entries {
		fmt.Fprintf(&w, "{%#x, %#x},\n", e[0], e[1])
	}
	fmt.Fprintf(&w, "}\n\n")
	fmt.Fprintf(&w, "// decompPool holds the decompositions' text.\nconst decompPool = %s\n\n", quote(pool.String()))
	writeTable(&w, "lower", "the index in lowerDeltas of each code point's lowercase delta", lowerT, "uint8")
	fmt.Fprintf(&w, "// lowerDeltas are the differences between characters and their lowercase.\nvar lowerDeltas = [...]int32{")
	for i, d := range deltas {
		if i%12 == 0 {
			w.WriteString("\n")
		}
		fmt.Fprintf(&w, "%d, ", d)
	}
	fmt.Fprintf(&w, "\n}\n\n")
	fmt.Fprintf(&w, "// compositionKeys are the pairs of characters that compose (first<<21|second),\n// sorted; compositionValues holds what each composes to.\nvar compositionKeys = [...]uint64{")
	for i, c := range comps {
		if i%6 == 0 {
			w.WriteString("\n")
		}
		fmt.Fprintf(&w, "%#x, ", c.key)
	}
	fmt.Fprintf(&w, "\n}\n\nvar compositionValues = [...]rune{")
	for i, c := range comps {
		if i%10 == 0 {
			w.WriteString("\n")
		}
		fmt.Fprintf(&w, "%#x, ", c.r)
	}
	fmt.Fprintf(&w, "\n}\n")
	src, err := format.Source(w.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("props: shift %d, %d blocks; decomp: shift %d, %d blocks, %d entries, pool %d bytes; lower: shift %d, %d blocks, %d deltas; %d compositions",
		propT.shift, len(propT.data)>>propT.shift, decompT.shift, len(decompT.data)>>decompT.shift, len(entries), pool.Len(),
		lowerT.shift, len(lowerT.data)>>lowerT.shift, len(deltas), len(comps))
}

func quote(s string) string {
	// Write the pool as escaped runes, 16 to a line, concatenated.
	var b strings.Builder
	n := 0
	b.WriteString("\"\"")
	for len(s) > 0 {
		if n%16 == 0 {
			b.WriteString(" +\n\t\"")
		}
		r, sz := utf8.DecodeRuneInString(s)
		if r < 0x10000 {
			fmt.Fprintf(&b, "\\u%04x", r)
		} else {
			fmt.Fprintf(&b, "\\U%08x", r)
		}
		s = s[sz:]
		n++
		if n%16 == 0 || len(s) == 0 {
			b.WriteString("\"")
		}
	}
	return b.String()
}

func writeTable(w *bytes.Buffer, name, doc string, t twoLevel, typ string) {
	it := "uint8"
	if len(t.data)>>t.shift > 256 {
		it = "uint16"
	}
	fmt.Fprintf(w, "// %sShift is the log2 of the block size of %sIndex and %sData.\nconst %sShift = %d\n\n", name, name, name, name, t.shift)
	fmt.Fprintf(w, "// %sIndex gives the block of %sData of each code point >> %sShift.\nvar %sIndex = [...]%s{", name, name, name, name, it)
	for i, v := range t.index {
		if i%16 == 0 {
			w.WriteString("\n")
		}
		fmt.Fprintf(w, "%d, ", v)
	}
	fmt.Fprintf(w, "\n}\n\n// %sData holds %s.\nvar %sData = [...]%s{", name, doc, name, typ)
	for i, v := range t.data {
		if i%16 == 0 {
			w.WriteString("\n")
		}
		fmt.Fprintf(w, "%d, ", v)
	}
	fmt.Fprintf(w, "\n}\n\n")
}
