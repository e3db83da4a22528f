package main

import (
	"bufio"
	"io"
)

// cmdSave loads a tokenizer.json and writes it back as the library saves it
// (the reference's format, defaults filled in, legacy forms updated), to
// standard output or to the file -o names.
func cmdSave(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("save", stderr)
	path := fs.String("t", "", "`tokenizer.json` path, directory, or Hugging Face model id (org/name[@revision])")
	out := fs.String("o", "", "write to this `file` instead of standard output")
	pretty := fs.Bool("pretty", false, "indent the JSON")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	tk, err := load(*path)
	if err != nil {
		return err
	}
	if *out != "" {
		return tk.Save(*out, *pretty)
	}
	w := bufio.NewWriter(stdout)
	if err := tk.WriteJSON(w, *pretty); err != nil {
		return err
	}
	return w.Flush()
}
