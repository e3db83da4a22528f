package unigram

// AppendIDs appends the ids of the tokens of word to dst: the ids of
// [Model.Tokenize], without the tokens' values and offsets. On error, dst is
// returned unchanged.
func (m *Model) AppendIDs(dst []uint32, word string) ([]uint32, error) {
	return AppendTokens(m, dst, word, tokenID)
}

func tokenID(id uint32, _ string, _, _ int, _ bool) uint32 { return id }
