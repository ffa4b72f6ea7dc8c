package provider

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
)

// maxSSELine bounds one SSE line (a single chunk can carry a large tool-call argument or image).
const maxSSELine = 16 << 20

// sseBufSize is the reader's starting buffer: a few events of a chat stream (a few hundred bytes each).
// It grows for longer lines, up to maxSSELine.
const sseBufSize = 8 << 10

// sseBufs recycles the starting buffers: a stream used to allocate (and zero) its own 64 KiB reader,
// most of the bytes a streamed call allocated.
var sseBufs = sync.Pool{New: func() any { b := make([]byte, sseBufSize); return &b }}

// sseReader parses Server-Sent Events incrementally: Next returns as soon as one event has arrived,
// never waiting for more of the body than that event. It reads into its own buffer and hands out
// the data of an event as a slice of it, so a chunk is not copied on its way through.
type sseReader struct {
	r          io.Reader
	buf        []byte
	pooled     *[]byte // buf came from sseBufs (and has not been returned)
	start, end int     // unread bytes: buf[start:end]
	err        error   // sticky read error
	data       []byte  // data of an event with several data lines, assembled
	event      []byte  // "event:" field of the event being read
}

func newSSEReader(r io.Reader) *sseReader {
	p := sseBufs.Get().(*[]byte)
	return &sseReader{r: r, buf: *p, pooled: p}
}

// release gives the starting buffer back for another stream. Call it only when Next will not be
// called again and no data it returned is still used.
func (s *sseReader) release() {
	if s.pooled != nil {
		sseBufs.Put(s.pooled)
		s.pooled, s.buf = nil, nil
		s.start, s.end = 0, 0
	}
}

// fill reads more of the body, keeping buf[keep:end] (the part of the event not consumed yet).
// It returns how far it moved the kept bytes toward the start of the buffer.
func (s *sseReader) fill(keep int) (shift int, err error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.buf == nil { // released: the stream is over
		s.err = io.EOF
		return 0, s.err
	}
	if free := len(s.buf) - s.end; free < len(s.buf)/4 {
		if keep > 0 {
			copy(s.buf, s.buf[keep:s.end])
			shift = keep
			s.start -= keep
			s.end -= keep
		}
		if len(s.buf)-s.end < len(s.buf)/4 {
			nb := make([]byte, 2*len(s.buf))
			copy(nb, s.buf[:s.end])
			s.buf = nb // the pooled buffer is left to the garbage collector; pools keep their size
			s.pooled = nil
		}
	}
	n, err := s.r.Read(s.buf[s.end:])
	s.end += n
	if err != nil {
		s.err = err // returned now, or by the next fill when bytes came with it
		if n == 0 {
			return shift, err
		}
	}
	return shift, nil
}

// Next returns the event name (may be empty) and the data of the next event that has data. Both
// are valid until the next call. At the end of the body it returns io.EOF (after a last event not
// followed by a blank line, if any).
func (s *sseReader) Next() (event []byte, data []byte, err error) {
	s.event = s.event[:0]
	s.data = s.data[:0]
	lines := 0       // data lines of this event
	ds, de := -1, -1 // the only data line's value, while lines == 1: buf[ds:de]
	dispatch := func() ([]byte, []byte, error) {
		if lines == 1 {
			return s.event, s.buf[ds:de], nil
		}
		return s.event, s.data, nil
	}
	for {
		i := bytes.IndexByte(s.buf[s.start:s.end], '\n')
		var line []byte
		ls := s.start // where line starts in buf
		if i >= 0 {
			line = s.buf[s.start : s.start+i]
			s.start += i + 1
		} else {
			if s.end-s.start > maxSSELine {
				return nil, nil, fmt.Errorf("stream line longer than %d bytes", maxSSELine)
			}
			keep := s.start
			if lines == 1 {
				keep = ds
			}
			shift, err := s.fill(keep)
			if shift > 0 {
				ds, de, ls = ds-shift, de-shift, ls-shift
			}
			if err == nil {
				continue
			}
			if err != io.EOF {
				return nil, nil, err
			}
			if s.start == s.end { // nothing left
				if lines > 0 {
					return dispatch()
				}
				return nil, nil, io.EOF
			}
			// The last line, without a newline.
			line = s.buf[s.start:s.end]
			s.start = s.end
		}
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if len(line) == 0 { // blank line: dispatch
			if lines > 0 {
				return dispatch()
			}
			s.event = s.event[:0]
			continue
		}
		if line[0] == ':' { // comment / keep-alive
			continue
		}
		field, value, vs := line, []byte(nil), ls+len(line)
		if i := bytes.IndexByte(line, ':'); i >= 0 {
			field, value, vs = line[:i], line[i+1:], ls+i+1
			if len(value) > 0 && value[0] == ' ' {
				value, vs = value[1:], vs+1
			}
		}
		switch string(field) {
		case "data":
			lines++
			switch lines {
			case 1:
				ds, de = vs, vs+len(value)
			case 2:
				s.data = append(append(append(s.data[:0], s.buf[ds:de]...), '\n'), value...)
			default:
				s.data = append(append(s.data, '\n'), value...)
			}
		case "event":
			s.event = append(s.event[:0], value...)
		}
	}
}

var errStreamCut = errors.New("upstream stream ended before it was complete")
