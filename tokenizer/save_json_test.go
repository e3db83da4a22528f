package tokenizer

import (
	"math"
	"strconv"
	"testing"
)

// The expected texts below are what the reference (serde_json in tokenizers
// 0.23.2) writes: Unigram scores for f64, BPE dropouts for f32, vocabulary
// tokens for strings.

func TestAppendRyu64(t *testing.T) {
	for _, tc := range [][2]string{
		{"1e15", "1000000000000000.0"}, {"1e16", "1e+16"}, {"1e17", "1e+17"}, {"1.5e16", "1.5e+16"},
		{"12345678901234567", "1.2345678901234568e+16"}, {"123456789012345678", "1.2345678901234568e+17"},
		{"1e21", "1e+21"}, {"1e22", "1e+22"}, {"1.2345e22", "1.2345e+22"}, {"0.001", "0.001"},
		{"0.0001", "0.0001"}, {"0.00001", "0.00001"}, {"0.000001", "1e-6"}, {"1.5e-5", "0.000015"},
		{"1.5e-4", "0.00015"}, {"1.2345e-7", "1.2345e-7"}, {"5e-324", "5e-324"},
		{"1.7976931348623157e308", "1.7976931348623157e+308"}, {"-0.0", "-0.0"}, {"0.1", "0.1"},
		{"0.3", "0.3"}, {"2.5", "2.5"}, {"100", "100.0"}, {"1234567890123456", "1234567890123456.0"},
		{"9007199254740993", "9007199254740992.0"}, {"1e-300", "1e-300"}, {"123.456", "123.456"},
		{"1e300", "1e+300"}, {"4.35e-5", "0.0000435"}, {"-1e-5", "-0.00001"}, {"0.00012345", "0.00012345"},
		{"0", "0.0"}, {"-12.345678901234567", "-12.345678901234567"},
	} {
		f, err := strconv.ParseFloat(tc[0], 64)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(appendRyu(nil, f, 64)); got != tc[1] {
			t.Errorf("f64 %s: got %s, want %s", tc[0], got, tc[1])
		}
	}
	for _, f := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		if got := string(appendRyu(nil, f, 64)); got != "null" {
			t.Errorf("%v: got %s, want null", f, got)
		}
	}
}

func TestAppendRyu32(t *testing.T) {
	for _, tc := range [][2]string{
		{"0.00001", "0.00001"}, {"0.000015", "0.000015"}, {"0.000001", "0.000001"},
		{"0.0000015", "0.0000015"}, {"1e-7", "1e-7"}, {"0.1", "0.1"}, {"0.3", "0.3"}, {"1", "1.0"},
		{"0.5", "0.5"}, {"0.123456789", "0.12345679"}, {"1e-38", "1e-38"}, {"1e-45", "1e-45"},
		{"0.0001", "0.0001"}, {"0", "0.0"},
	} {
		f, err := strconv.ParseFloat(tc[0], 32)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(appendRyu(nil, float64(float32(f)), 32)); got != tc[1] {
			t.Errorf("f32 %s: got %s, want %s", tc[0], got, tc[1])
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	in := "\x00\x01\x1f\"\\/<>&\u2028\u2029\x7f\b\f\n\r\t é😀\u0080ÿ"
	want := `"\u0000\u0001\u001f\"\\/<>&` + "\u2028\u2029\x7f" + `\b\f\n\r\t é😀` + "\u0080ÿ\""
	if got := string(appendJSONString(nil, in)); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestJSONWriterPretty(t *testing.T) {
	w := &jsonWriter{pretty: true}
	w.beginObject()
	w.key("a")
	w.beginArray()
	w.endArray()
	w.key("b")
	w.beginObject()
	w.endObject()
	w.key("c")
	w.beginArray()
	w.uint(1)
	w.beginArray()
	w.str("x")
	w.endArray()
	w.endArray()
	w.endObject()
	want := "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    [\n      \"x\"\n    ]\n  ]\n}"
	if got := string(w.buf); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
