package main

import (
	"fmt"
	"os"
	"sync"
)

type Router struct {
	routes map[string]string
}

func (r *Router) handle(path string) string {
	target, ok := r.routes[path]
	if !ok {
		panic(fmt.Sprintf("no route for %s", path))
	}
	return target
}

func worker(r *Router, paths <-chan string, wg *sync.WaitGroup) {
	defer wg.Done()
	for p := range paths {
		fmt.Fprintln(os.Stdout, r.handle(p))
	}
}

func main() {
	r := &Router{routes: map[string]string{"/": "index"}}
	paths := make(chan string)
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(r, paths, &wg)
	paths <- "/"
	func() {
		r.handle("/missing")
	}()
	wg.Wait()
}
