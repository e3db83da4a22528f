package tokenizer

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

func blThreadCPU() time.Duration {
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3, uintptr(unsafe.Pointer(&ts)), 0) // CLOCK_THREAD_CPUTIME_ID
	return time.Duration(ts.Nano())
}

// go test ./tokenizer -run BLTmpCPU -v -bl.names=gpt2,llama3
func TestBLTmpCPU(t *testing.T) {
	names := os.Getenv("BLNAMES")
	if names == "" {
		t.Skip()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, name := range strings.Split(names, ",") {
		tk, err := FromFile("/work/shared/tokenizers/" + name + "/tokenizer.json")
		if err != nil {
			t.Fatal(err)
		}
		line := name + ":"
		corpora := []string{"en", "multilingual", "code"}
		if c := os.Getenv("BLCORPUS"); c != "" {
			corpora = strings.Split(c, ",")
		}
		rounds := 6
		if os.Getenv("BLROUNDS") != "" {
			fmt.Sscan(os.Getenv("BLROUNDS"), &rounds)
		}
		for _, c := range corpora {
			data, _ := os.ReadFile("/work/shared/corpus/" + c + ".txt")
			text := string(data)
			var chunks []string
			for s := 0; s < len(text); {
				e := min(s+65536, len(text))
				if i := strings.IndexByte(text[e:], '\n'); i >= 0 {
					e += i + 1
				} else {
					e = len(text)
				}
				chunks = append(chunks, text[s:e])
				s = e
			}
			var ids []uint32
			best := time.Hour
			var first time.Duration
			var bestAB [2]time.Duration = [2]time.Duration{time.Hour, time.Hour}
			for r := range rounds {
				blABSet(r%2 == 1)
				t0 := blThreadCPU()
				for _, ch := range chunks {
					ids, _ = tk.AppendIDs(ids[:0], ch)
				}
				d := blThreadCPU() - t0
				bestAB[r%2] = min(bestAB[r%2], d)
				if r == 0 {
					first = d
				}
				best = min(best, d)
			}
			line += fmt.Sprintf(" %s=%.1f(cold %.1f) [A %.1f B %.1f]", c, float64(len(data))/best.Seconds()/1e6, float64(len(data))/first.Seconds()/1e6,
				float64(len(data))/bestAB[0].Seconds()/1e6, float64(len(data))/bestAB[1].Seconds()/1e6)
		}
		if b, err := os.ReadFile("/proc/self/smaps_rollup"); err == nil {
			for _, l := range strings.Split(string(b), "\n") {
				if strings.HasPrefix(l, "AnonHugePages") {
					line += " " + strings.Join(strings.Fields(l), " ")
				}
			}
		}
		fmt.Println(line)
	}
}

func TestBLTmpDump(t *testing.T) {
	c := os.Getenv("BLDUMP")
	if c == "" {
		t.Skip()
	}
	tk, _ := FromFile("/work/shared/tokenizers/llama3/tokenizer.json")
	f := tk.fast.(*byteLevelFast)
	data, _ := os.ReadFile("/work/shared/corpus/" + c + ".txt")
	var out []byte
	for i := 0; i < len(data); {
		e := f.scan(data, i)
		out = append(out, data[i:e]...)
		out = append(out, 0)
		i = e
	}
	os.WriteFile("/tmp/bl_words_"+c, out, 0o644)
}

func TestBLTmpList(t *testing.T) {
	if os.Getenv("BLLIST") == "" {
		t.Skip()
	}
	var paths []string
	for _, dir := range []string{"/work/shared/tokenizers", "/tmp/variants/tokenizers", "/tmp/variants2/tokenizers"} {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if e.IsDir() {
				paths = append(paths, dir+"/"+e.Name()+"/tokenizer.json")
			}
		}
	}
	for _, p := range paths {
		tk, err := FromFile(p)
		if err != nil {
			fmt.Println(p, "ERR", err)
			continue
		}
		_, bl := tk.fast.(*byteLevelFast)
		fmt.Printf("%-60s bytelevel=%v fast=%T\n", p, bl, tk.fast)
	}
}

func TestBLTmpWhy(t *testing.T) {
	p := os.Getenv("BLWHY")
	if p == "" {
		t.Skip()
	}
	tk, err := FromFile(p)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("norm %T %#v\npre %T %#v\nmodel %T\n", tk.normalizer, tk.normalizer, tk.preTokenizer, tk.preTokenizer, tk.model)
	if bm, ok := tk.model.(*bpeModel); ok {
		_, err := bm.m.NewByteEncoder(&byteSymbols)
		fmt.Println("encoder:", err)
	}
}

func TestBLTmpLoadTime(t *testing.T) {
	if os.Getenv("BLLOAD") == "" {
		t.Skip()
	}
	for _, name := range []string{"gpt2", "llama3", "gpt4o", "qwen3"} {
		best := time.Hour
		for range 3 {
			t0 := time.Now()
			tk, err := FromFile("/work/shared/tokenizers/" + name + "/tokenizer.json")
			if err != nil {
				t.Fatal(err)
			}
			best = min(best, time.Since(t0))
			t1 := time.Now()
			if bm, ok := tk.model.(*bpeModel); ok {
				bm.m.NewByteEncoder(&byteSymbols)
			}
			if _, ok := tk.model.(*bpeModel); ok {
				fmt.Printf("%s: encoder alone %v\n", name, time.Since(t1))
			}
		}
		fmt.Printf("%s: load %v\n", name, best)
	}
}

var blABSet = func(b bool) {}
