package ru.visitflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class VisitflowApplication {

	public static void main(String[] args) {
		SpringApplication.run(VisitflowApplication.class, args);
	}

}
