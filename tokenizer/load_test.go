package tokenizer

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateDocument(t *testing.T) {
	for _, tc := range []struct {
		doc string
		ok  bool
	}{
		{`{"a":"x"}`, true},
		{`{"a":"\ud83d\ude00"}`, true},
		{`{"a":"\\ud800"}`, true},
		{`{"a":"\u00e9\n\""}`, true},
		{`{"a":"\ud800"}`, false},
		{`{"a":"\ud800x"}`, false},
		{`{"a":"\ud800\u0041"}`, false},
		{`{"a":"\udc00"}`, false},
		{"{\"a\":\"\xff\"}", false},
		{`{"a":"x\ty"}`, true},
		{"{\"a\":\"x\ty\"}", false},
		{`{"a":[1,2,]}`, false},
		{`{"a":1} x`, false},
		{`{"a":-0.5e+3}`, true},
		{`{"a":01}`, false},
		{strings.Repeat("[", 128) + strings.Repeat("]", 128), true},
		{strings.Repeat("[", 129) + strings.Repeat("]", 129), false},
	} {
		err := validateDocument([]byte(tc.doc))
		if (err == nil) != tc.ok {
			t.Errorf("%s: got %v, want ok=%v", tc.doc, err, tc.ok)
		}
	}
}

func TestLoadErrorsNamePaths(t *testing.T) {
	for _, tc := range []struct {
		doc, want string
	}{
		{`{"version":"2.0","model":{}}`, "version: unknown tokenizer version"},
		{`{"added_tokens":[]}`, "model missing"},
		{`{"truncation":{"max_length":-1,"strategy":"LongestFirst","stride":0},"model":{}}`, "truncation.max_length:"},
		{`{"padding":{"strategy":"Sometimes"},"model":{}}`, "padding.strategy:"},
		{`{"model":{"type":null}}`, "model.type:"},
		{`{"model":{"type":"Magic"}}`, "model:"},
		{`[1,2]`, "expected a map"},
		{`{"model":`, "invalid JSON"},
	} {
		_, err := FromBytes([]byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.doc, err, tc.want)
		}
		var le *LoadError
		if err != nil && !errors.As(err, &le) {
			t.Errorf("%s: %v is not a *LoadError", tc.doc, err)
		}
	}
}
