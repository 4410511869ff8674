/**
 * The map of companies: the {@code /map} page (Leaflet), the marker API served by
 * viewport and zoom from an in-memory index with clusters made on the server, marker
 * colours from visit history, the popup's details, planning a visit from the popup, and
 * the supervisor's actions (moving pins, deciding location proposals, starting the
 * geocoding queue).
 */
package ru.visitflow.map;
