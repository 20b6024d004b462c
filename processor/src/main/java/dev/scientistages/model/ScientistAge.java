package dev.scientistages.model;

/** An output record of topic {@code ages}: {@code {"name": "Ada Lovelace", "age": 202}}. */
public record ScientistAge(String name, int age) {}
