/**
 * The app's server-rendered pages (Thymeleaf + htmx): the visit list by stage and a
 * visit's page.
 */
package ru.visitflow.web;
