/**
 * A rep's day route: the day's visits ordered by jsprit (a VRP with time windows) from
 * the current position or the office or home in the rep's profile, optionally with
 * suggestions (companies due for a visit near the route, from coverage), with visit
 * durations, the companies' opening hours (parsed from the card's Russian text), fixed
 * appointments and the working day's bounds; travel times from straight-line distance or
 * an OSRM server; what could not fit with the reason; applying the order to the visits'
 * planned times; and Yandex.Maps route links.
 */
package ru.visitflow.route;
