package dev.pcw.sidecar.partners;

import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.partnertiers.TierInputFolder;
import dev.pcw.schemas.tiers.TierVocabulary;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the partner tier routes need: the lake holding {@code partner_tiers}, the input folder
 * ({@code partner_tiers.input}), the tier and OEM vocabulary, and the Obsidian vault ({@code
 * VAULT_ROOT}; null when unset).
 */
public final class TierSettings {
    private final LakeConfig lake;
    private final String input;
    private final TierVocabulary vocabulary;
    private final Path vault;

    public TierSettings(LakeConfig lake, String input, TierVocabulary vocabulary, Path vault) {
        this.lake = Objects.requireNonNull(lake, "lake");
        this.input = Objects.requireNonNull(input, "input");
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.vault = vault;
        TierInputFolder.of(input, lake);
    }

    public LakeConfig lake() {
        return lake;
    }

    public String input() {
        return input;
    }

    public TierVocabulary vocabulary() {
        return vocabulary;
    }

    /** The vault root; null when {@code VAULT_ROOT} is not set. */
    public Path vault() {
        return vault;
    }
}
