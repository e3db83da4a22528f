package ranks

import (
	"bytes"
	"slices"
	"testing"
)

// FuzzParse checks that Parse does not panic, and that what it accepts
// goes through the compact form unchanged.
func FuzzParse(f *testing.F) {
	f.Add([]byte("YQ== 0\nYg== 1\nYWI= 2\n"))
	f.Add([]byte("YWI= 7\n\nYQ==\t3\r\n"))
	f.Add([]byte("YQ== 0\nYQ== 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		split, err := tb.Splits()
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := tb.WriteCompact(&buf); err != nil {
			t.Fatal(err)
		}
		got, err := ReadCompact(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Text, tb.Text) || !slices.Equal(got.Ends, tb.Ends) || !slices.Equal(got.Ranks, tb.Ranks) || !slices.Equal(got.Split, split) {
			t.Fatalf("compact round trip: %+v, want %+v", got, tb)
		}
	})
}

// FuzzReadCompact checks that ReadCompact does not panic.
func FuzzReadCompact(f *testing.F) {
	f.Add([]byte{0, 1, 0, 'a', 0, 2, 1, 'a', 'b'})
	f.Add([]byte{5, 1, 0, 'a'})
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ReadCompact(data)
		if err != nil {
			return
		}
		for i := range tb.Len() {
			if len(tb.Token(i)) == 0 || int(tb.Split[i]) >= len(tb.Token(i)) || i > 0 && tb.Ranks[i] <= tb.Ranks[i-1] {
				t.Fatalf("token %d: %q, split %d, rank %d", i, tb.Token(i), tb.Split[i], tb.Ranks[i])
			}
		}
	})
}
