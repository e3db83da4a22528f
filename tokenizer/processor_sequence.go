package tokenizer

// sequenceProcessing is the reference's post-processor Sequence: each
// processor runs on the encodings the previous one returned.
type sequenceProcessing struct {
	processors []ppProcessor
}

func (s *sequenceProcessing) AddedTokens(isPair bool) int {
	n := 0
	for _, p := range s.processors {
		n += p.AddedTokens(isPair)
	}
	return n
}

func (s *sequenceProcessing) processList(encs []Encoding, add bool) ([]Encoding, error) {
	var err error
	for _, p := range s.processors {
		if encs, err = p.processList(encs, add); err != nil {
			return nil, err
		}
	}
	return encs, nil
}

// ProcessEncodings runs every processor but the last with its exact output
// list, which the next one reads; only the last may shortcut the merge.
func (s *sequenceProcessing) ProcessEncodings(encs []Encoding, add bool) ([]Encoding, error) {
	if len(s.processors) == 0 {
		return encs, nil
	}
	var err error
	last := len(s.processors) - 1
	for _, p := range s.processors[:last] {
		if encs, err = p.processList(encs, add); err != nil {
			return nil, err
		}
	}
	return s.processors[last].ProcessEncodings(encs, add)
}
