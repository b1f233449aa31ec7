/**
 * The lake: Iceberg catalogs from configuration ({@link dev.pcw.connectors.lake.LakeConfig}, {@link
 * dev.pcw.connectors.lake.Catalogs}), silver table creation and evolution ({@link
 * dev.pcw.connectors.lake.TableManager}) and the bronze folder layout ({@link
 * dev.pcw.connectors.lake.BronzePaths}).
 */
package dev.pcw.connectors.lake;
