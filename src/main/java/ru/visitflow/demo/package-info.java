/**
 * The demo team and visits created on an embedded H2 start
 * ({@code visitflow.demo.enabled}); never in production.
 */
package ru.visitflow.demo;
