/**
 * Where companies are: positions Visitflow keeps with their source (the Bitrix24 field in
 * the company mirror, a geocoder, a supervisor's pin, an approved check-in), the geocoder
 * behind one interface (Nominatim or none), its cache by normalised address, the
 * rate-limited and resumable geocoding queue, and the location proposals from check-ins
 * that supervisors approve or reject.
 */
package ru.visitflow.geo;
