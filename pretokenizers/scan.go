package pretokenizers

// ScanFunc cuts a text into pieces without building them: given the text s
// and the start i < len(s) of a piece, it returns the end of that piece (> i).
// The pieces of s are s[0:e1], s[e1:e2]... with e1 = f(s, 0), e2 = f(s, e1),
// up to len(s): they are contiguous and cover s. A ScanFunc does not
// allocate and is safe for concurrent use.
type ScanFunc func(s []byte, i int) int

// Scanner returns the function that cuts a text as b does before it maps
// the bytes, and true, when b uses its regular expression (GPT-2's);
// without it, b keeps every piece whole, and Scanner returns false.
// Add-prefix-space is not part of the cut: b applies it to each piece it is
// given, before cutting.
func (b ByteLevel) Scanner() (ScanFunc, bool) {
	if !b.UseRegex {
		return nil, false
	}
	return gpt2Match, true
}
