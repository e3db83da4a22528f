// Package datrie lays out a byte trie as a double array (Aoe, "An efficient
// digital search algorithm by using a double-array structure", 1989): the
// child of node s by byte c is node Nodes[s].Base+c when that node's Check
// is s. A step of a walk is then two array reads, with no hashing and no
// per-node maps.
//
// The package only builds the layout: where each node goes, and where each
// key ends. It is a package of its own because both the WordPiece and the
// Unigram models use it; each copies the layout into its own node format
// (WordPiece keeps an entry index in each node, Unigram keeps its pieces
// beside the nodes) and has its own walks over it.
package datrie
