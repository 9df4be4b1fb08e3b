package com.example;

import java.util.List;

public class Main {
    static class Loader {
        int parse(String s) {
            return Integer.parseInt(s);
        }

        int load(String s) {
            try {
                return parse(s);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("cannot load " + s, e);
            }
        }
    }

    public static void main(String[] args) {
        Loader loader = new Loader();
        List.of("x").forEach(s -> loader.load(s));
    }
}
