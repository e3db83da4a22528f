package bpe

// RaceEnabled tells the external tests whether the race detector is on
// (allocation counts then mean nothing).
const RaceEnabled = raceEnabled
